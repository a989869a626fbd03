using System.Reflection;

namespace SimpleContainer.Security;

/// <summary>
/// The product's name and the version it was packed as (<c>dotnet pack -p:Version=…</c>), prerelease label included and
/// source revision left out. Every place that reports our version (SBOM tool entries, SARIF driver, scan reports, the
/// registry User-Agent) reads it here, so they all agree with the package.
/// </summary>
public static class ProductInfo
{
    public const string Name = "SimpleContainer.Security";

    public static string Version { get; } = ReadVersion(typeof(ProductInfo).Assembly);

    internal static string ReadVersion(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? informational[..plus] : informational;
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
