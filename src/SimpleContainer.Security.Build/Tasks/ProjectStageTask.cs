using SimpleContainer.Security.Sbom.Catalogers.DotNet;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// A stage that also reads the project's restore output for the app's exact NuGet packages: the SBOM stage, and the
/// scan stage when it has to catalogue the image itself. The targets pass ProjectAssetsFile, NuGetPackageRoot,
/// TargetFramework, RuntimeIdentifier and SelfContained.
/// </summary>
public abstract class ProjectStageTask : StageTask
{
    public string? ProjectAssetsFile { get; set; }

    public string? NuGetPackageRoot { get; set; }

    public string? TargetFramework { get; set; }

    public string? RuntimeIdentifier { get; set; }

    public bool SelfContained { get; set; }

    protected DotNetProjectInputs? DotNetProject => DotNetProjectInputs.FromBuild(ProjectAssetsFile, NuGetPackageRoot, TargetFramework, RuntimeIdentifier, SelfContained);
}
