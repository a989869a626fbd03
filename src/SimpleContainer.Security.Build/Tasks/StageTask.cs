using Microsoft.Build.Framework;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// A pipeline stage as a task: reads <c>image.json</c>, runs the stage with the SDK's registry credentials, logs every
/// diagnostic with its code and returns the artifacts. Fails the build only when the stage is required.
/// </summary>
public abstract class StageTask : ScTask
{
    [Required]
    public string ImageRecordPath { get; set; } = string.Empty;

    public bool Required { get; set; }

    [Output]
    public ITaskItem[] Artifacts { get; set; } = [];

    public sealed override bool Execute()
    {
        try
        {
            var record = ImageRecordStore.ReadAsync(ImageRecordPath, CancellationToken).GetAwaiter().GetResult();
            // The SDK's DOTNET_CONTAINER_REGISTRY_UNAME/_PWORD are for the publish's ContainerRegistry (recorded in
            // image.json by RecordContainerImage), never for a base image's or any other registry.
            using var client = new RegistryClient(new RegistryClientOptions { EnvironmentCredentialsRegistry = record.Registry });
            var layout = new SecurityArtifactLayout(Path.GetDirectoryName(Path.GetDirectoryName(ImageRecordPath)!)!);
            var result = RunStageAsync(record, layout, client).GetAwaiter().GetResult();
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

    /// <summary>Maps the task's parameters to the stage's options and runs it; a configuration error may throw.</summary>
    protected abstract Task<StageResult> RunStageAsync(ImageRecord record, SecurityArtifactLayout layout, RegistryClient client);
}
