using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class GenerateSbom : ScTask
{
    public override bool Execute()
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(Generator) && !Generator.Equals("builtin", StringComparison.OrdinalIgnoreCase))
            {
                throw new ScException(DiagnosticIds.UnknownSbomGenerator, Generator);
            }

            var record = ImageRecordStore.ReadAsync(ImageRecordPath, CancellationToken).GetAwaiter().GetResult();
            var options = new SbomOptions
            {
                Formats = SbomFormats.Parse(Format),
                OutputDirectory = string.IsNullOrWhiteSpace(OutputDirectory) ? null : Path.GetFullPath(OutputDirectory),
                Required = Required,
            };
            using var client = new RegistryClient();
            var layout = new SecurityArtifactLayout(Path.GetDirectoryName(Path.GetDirectoryName(ImageRecordPath)!)!);
            var result = new SbomStage(client, new SbomGenerator()).RunAsync(record, layout, options, CancellationToken).GetAwaiter().GetResult();
            Artifacts = result.Artifacts.Select(StageLogging.ToItem).ToArray();
            return Log.LogStage(result);
        }
        catch (ScException ex)
        {
            Log.Log(ex.Diagnostic with { Severity = Required ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning }, ImageRecordPath);
            return !Required;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
