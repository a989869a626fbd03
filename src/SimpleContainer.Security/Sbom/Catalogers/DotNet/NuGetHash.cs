using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// NuGet's package hash as deps.json writes it (<c>sha512-</c> and base64) or as project.assets.json does (base64):
/// the SHA-512 of the .nupkg, turned into the lowercase hex SBOM formats take.
/// </summary>
public static class NuGetHash
{
    private const string Prefix = "sha512-";

    /// <summary>The hash, or null when <paramref name="text"/> is empty (framework packs carry no hash).</summary>
    /// <exception cref="FormatException">The text is not base64 of 64 bytes.</exception>
    public static SbomHash? FromSha512(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var base64 = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..] : text;
        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != 64)
        {
            throw new FormatException($"the sha512 '{(text.Length <= 40 ? text : text[..40] + "…")}' is not base64 of 64 bytes");
        }

        return new SbomHash(SbomHash.Sha512, Convert.ToHexStringLower(bytes));
    }
}
