using System.Formats.Tar;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Pipeline.PrePush;

/// <summary>
/// The app layer the SDK will add on top of the base image, as far as a cataloger can see it: the files of the publish
/// folder that the catalogers ask for (the app's <c>*.deps.json</c>), placed under the container's working directory
/// (<c>/app/</c>) as CreateNewImage places them. It is an uncompressed tar in memory, so the same cataloguing that reads
/// the pushed image reads the image before it exists.
/// </summary>
public static class PublishDirectoryLayer
{
    public const string DefaultWorkingDirectory = "/app/";

    /// <summary>The layer, or null when no file of the publish folder matches a pattern.</summary>
    public static async Task<ImageLayer?> CreateAsync(string publishDirectory, string? workingDirectory, IReadOnlyList<FilePattern> patterns, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(publishDirectory);
        var target = ImagePath.Normalize(string.IsNullOrWhiteSpace(workingDirectory) ? DefaultWorkingDirectory : workingDirectory.Replace('\\', '/')) ?? DefaultWorkingDirectory;
        if (!Directory.Exists(root))
        {
            return null;
        }

        using var tar = new MemoryStream();
        var count = 0;
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is not null)
                {
                    continue;
                }

                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (ImagePath.Normalize(relative, target) is not { } imagePath || !patterns.Any(p => p.Matches(imagePath)))
                {
                    continue;
                }

                var entry = new PaxTarEntry(TarEntryType.RegularFile, imagePath.TrimStart('/'))
                {
                    DataStream = new MemoryStream(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)),
                };
                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var bytes = tar.ToArray();
        var descriptor = Descriptor.For(MediaTypes.OciLayerTar, bytes);
        return new ImageLayer(descriptor, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));
    }
}
