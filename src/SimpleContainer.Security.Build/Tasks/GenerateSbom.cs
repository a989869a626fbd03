using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class GenerateSbom : ProjectStageTask
{
    protected override Task<StageResult> RunStageAsync(ImageRecord record, SecurityArtifactLayout layout, RegistryClient client)
    {
        var options = new SbomOptions
        {
            Formats = SbomFormats.Parse(Format),
            OutputDirectory = string.IsNullOrWhiteSpace(OutputDirectory) ? null : Path.GetFullPath(OutputDirectory),
            Required = Required,
            Tool = SbomTools.Parse(Generator),
            DotNetProject = DotNetProject,
        };
        var external = new ExternalSbomGenerator(new Tools.ToolRunner(), Environment.GetEnvironmentVariable);
        var generator = new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment());
        return new SbomStage(client, generator, external).RunAsync(record, layout, options, CancellationToken);
    }
}
