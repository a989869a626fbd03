using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Pipeline;

/// <summary>
/// The platform images of a recorded publish, ready to read: from the registry by digest when it was pushed, else from
/// the archive (which stays open until this is disposed).
/// </summary>
public sealed class RecordedImage : IDisposable
{
    private readonly OciImageLayout? _archive;

    private RecordedImage(IReadOnlyList<PlatformImage> platforms, OciImageLayout? archive)
    {
        Platforms = platforms;
        _archive = archive;
    }

    public IReadOnlyList<PlatformImage> Platforms { get; }

    public static async Task<RecordedImage> OpenAsync(RegistryClient client, ImageRecord record, CancellationToken cancellationToken)
    {
        if (record.Pushed && record.Reference is not null)
        {
            return new RecordedImage(await ImagePlatforms.FromRegistryAsync(client, ImageReference.Parse(record.Reference), cancellationToken).ConfigureAwait(false), null);
        }

        var archive = await OciImageLayout.OpenAsync(record.ArchivePath ?? throw new ScException(DiagnosticIds.InvalidContainerOutput, "GeneratedArchiveOutputPath", "archive mode without an archive path"), cancellationToken).ConfigureAwait(false);
        try
        {
            var platforms = await ImagePlatforms.FromLayoutAsync(archive, record.Registry is null ? record.Repository : $"{record.Registry}/{record.Repository}", cancellationToken).ConfigureAwait(false);
            return new RecordedImage(platforms, archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public void Dispose() => _archive?.Dispose();
}
