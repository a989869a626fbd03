using System.Xml;
using System.Xml.Linq;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// The license a package declares in its nuspec in the NuGet packages folder
/// (<c>&lt;root&gt;/&lt;id lower&gt;/&lt;version lower&gt;/&lt;id lower&gt;.nuspec</c>): the text of
/// <c>&lt;license type="expression"&gt;</c>. A <c>licenseUrl</c> alone, or a license file, gives null (unknown).
/// </summary>
public static class NuspecLicenseReader
{
    private static readonly XmlReaderSettings Settings = new() { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 4 * 1024 * 1024 };

    public static string NuspecPath(string packagesRoot, string id, string version)
    {
        var lower = id.ToLowerInvariant();
        return Path.Combine(packagesRoot, lower, version.ToLowerInvariant(), lower + ".nuspec");
    }

    /// <exception cref="XmlException">The nuspec is not XML.</exception>
    /// <exception cref="IOException">The nuspec cannot be read.</exception>
    public static async Task<string?> ReadExpressionAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        using var reader = XmlReader.Create(stream, Settings);
        var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        var metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        var license = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        return license is not null && string.Equals((string?)license.Attribute("type"), "expression", StringComparison.OrdinalIgnoreCase) && license.Value.Trim() is { Length: > 0 } expression
            ? expression
            : null;
    }
}
