namespace SimpleContainer.Security.Pipeline;

/// <summary>
/// Where a publish's artifacts live, <c>$(IntermediateOutputPath)sc-security/</c>, and the names of its files and
/// artifact kinds. Every file there belongs to the digest of the last run: <see cref="RemoveEarlierEvidence"/> clears
/// what an earlier run left before a run writes anything.
/// </summary>
public sealed class SecurityArtifactLayout
{
    public const string FolderName = "sc-security";
    public const string ImageRecordFileName = "image.json";
    public const string SignatureRecordFileName = "signature.json";
    public const string SignatureBundleFileName = "signature.bundle.json";
    public const string CycloneDxExtension = "cdx.json";

    public const string ImageRecordKind = "ImageRecord";
    public const string SbomKind = "Sbom";
    public const string SignatureKind = "Signature";
    public const string SignatureBundleKind = "SignatureBundle";

    /// <summary>The layout of a publish: <c>sc-security/</c> under the project's intermediate output path.</summary>
    public SecurityArtifactLayout(string intermediateOutputPath)
    {
        Root = Path.Combine(Path.GetFullPath(intermediateOutputPath), FolderName);
    }

    private SecurityArtifactLayout(string root, bool _)
    {
        Root = root;
    }

    public string Root { get; }

    /// <summary>The same file names in a folder of the user's choice (<c>sc image sign --output-dir</c>).</summary>
    public static SecurityArtifactLayout InFolder(string folder) => new(Path.GetFullPath(folder), true);

    public string ImageRecord => Path.Combine(Root, ImageRecordFileName);

    /// <summary>The layout whose <c>image.json</c> is at <paramref name="imageRecordPath"/>.</summary>
    public static SecurityArtifactLayout ForImageRecord(string imageRecordPath) =>
        new(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(imageRecordPath))!)!);

    /// <summary>The SBOM file of a platform image (<c>sbom.cdx.json</c>, or <c>sbom.linux-amd64.cdx.json</c> for one platform of many).</summary>
    public static string SbomFileName(string extension, string? platform) =>
        platform is null ? $"sbom.{extension}" : $"sbom.{platform.Replace('/', '-')}.{extension}";

    public static bool IsCycloneDx(string path) => path.EndsWith("." + CycloneDxExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Deletes every file and folder an earlier run left under <see cref="Root"/>; returns how many files went.</summary>
    public int RemoveEarlierEvidence()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
            removed++;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            Directory.Delete(folder, recursive: true);
        }

        return removed;
    }
}
