namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The SBOM stage: ScSbomFormat, ScSbomGenerator, ScSbomOutputDir, ScSbomRequired, and the project's restore output
/// (ProjectAssetsFile, NuGetPackageRoot, TargetFramework, RuntimeIdentifier, SelfContained) for the app's NuGet packages.
/// </summary>
public sealed partial class GenerateSbom
{
    public string? Format { get; set; }

    public string? Generator { get; set; }

    public string? OutputDirectory { get; set; }

    public string? ProjectAssetsFile { get; set; }

    public string? NuGetPackageRoot { get; set; }

    public string? TargetFramework { get; set; }

    public string? RuntimeIdentifier { get; set; }

    public bool SelfContained { get; set; }
}
