using Microsoft.Build.Utilities;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class RecordContainerImage : ScTask
{
    public override bool Execute()
    {
        var layout = new SecurityArtifactLayout(Path.Combine(Path.GetDirectoryName(ProjectPath) ?? ".", IntermediateOutputPath));
        try
        {
            var record = new ImageRecordBuilder(TimeProvider.System).Build(new ContainerPublishOutputs
            {
                ProjectPath = ProjectPath,
                Registry = ContainerRegistry,
                Repository = ContainerRepository,
                Tags = ContainerImageTags.Select(t => t.ItemSpec).ToList(),
                Digest = GeneratedContainerDigest,
                MediaType = GeneratedContainerMediaType,
                Manifest = GeneratedContainerManifest,
                Configuration = GeneratedContainerConfiguration,
                ImageIndex = GeneratedImageIndex,
                ArchiveOutputPath = GeneratedArchiveOutputPath,
                Containers = GeneratedContainers.Select(i => new GeneratedContainerItem(
                    i.GetMetadata("ManifestDigest"), i.GetMetadata("ManifestMediaType"), i.GetMetadata("Manifest"), i.GetMetadata("Configuration"))).ToList(),
                BaseImage = ContainerBaseImage,
                BaseRegistry = ContainerBaseRegistry,
                BaseName = ContainerBaseName,
                BaseTag = ContainerBaseTag,
                BaseDigest = ContainerBaseDigest,
            });
            ImageRecordStore.WriteAsync(layout.ImageRecord, record, CancellationToken).GetAwaiter().GetResult();

            ImageRecordPath = layout.ImageRecord;
            ImageDigest = record.Digest;
            var artifact = new TaskItem(layout.ImageRecord);
            artifact.SetMetadata("Kind", "ImageRecord");
            artifact.SetMetadata("Digest", record.Digest);
            Artifacts = [artifact];
            Log.Log(new ScDiagnostic(DiagnosticIds.SecurityRecorded, DiagnosticSeverity.Message, record.Subject, layout.ImageRecord));
            return true;
        }
        catch (ScException ex)
        {
            Log.Log(ex.Diagnostic, ProjectPath);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
