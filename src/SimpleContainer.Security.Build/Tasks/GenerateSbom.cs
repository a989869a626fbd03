using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class GenerateSbom : StageTask
{
    protected override Task<StageResult> RunStageAsync(ImageRecord record, SecurityArtifactLayout layout, RegistryClient client)
    {
        if (!string.IsNullOrWhiteSpace(Generator) && !Generator.Equals("builtin", StringComparison.OrdinalIgnoreCase))
        {
            throw new ScException(DiagnosticIds.UnknownSbomGenerator, Generator);
        }

        var options = new SbomOptions
        {
            Formats = SbomFormats.Parse(Format),
            OutputDirectory = string.IsNullOrWhiteSpace(OutputDirectory) ? null : Path.GetFullPath(OutputDirectory),
            Required = Required,
            DotNetProject = string.IsNullOrWhiteSpace(ProjectAssetsFile) ? null : new DotNetProjectInputs
            {
                AssetsFile = Path.GetFullPath(ProjectAssetsFile),
                PackagesRoot = string.IsNullOrWhiteSpace(NuGetPackageRoot) ? null : NuGetPackageRoot,
                TargetFramework = TargetFramework,
                RuntimeIdentifier = RuntimeIdentifier,
                SelfContained = SelfContained,
            },
        };
        return new SbomStage(client, new SbomGenerator()).RunAsync(record, layout, options, CancellationToken);
    }
}
