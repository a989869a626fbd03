using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Pipeline;

/// <summary>Turns the SDK's container outputs into an <see cref="ImageRecord"/>, checking every digest it can against the bytes.</summary>
public sealed class ImageRecordBuilder(TimeProvider timeProvider)
{
    public const string BaseDigestLabel = "org.opencontainers.image.base.digest";
    public const string BaseNameLabel = "org.opencontainers.image.base.name";

    public ImageRecord Build(ContainerPublishOutputs outputs)
    {
        var (digest, mediaType, index, platforms) = string.IsNullOrWhiteSpace(outputs.ImageIndex)
            ? SingleImage(outputs)
            : MultiArch(outputs);

        var pushed = !string.IsNullOrEmpty(outputs.Registry) && string.IsNullOrEmpty(outputs.ArchiveOutputPath);
        var reference = string.IsNullOrEmpty(outputs.Registry)
            ? null
            : ImageReference.Create(outputs.Registry, outputs.Repository, digest: digest).ToString();

        return new ImageRecord
        {
            Project = outputs.ProjectPath,
            Registry = NullIfEmpty(outputs.Registry),
            Repository = outputs.Repository,
            Tags = outputs.Tags,
            Digest = digest.ToString(),
            MediaType = mediaType,
            Reference = reference,
            Index = index,
            Platforms = platforms,
            BaseImage = BaseImageOf(outputs),
            ArchivePath = NullIfEmpty(outputs.ArchiveOutputPath),
            Pushed = pushed,
            RecordedAt = timeProvider.GetUtcNow(),
        };
    }

    private static (Digest, string, ManifestRecord?, IReadOnlyList<PlatformImageRecord>) SingleImage(ContainerPublishOutputs outputs)
    {
        var digestText = NullIfEmpty(outputs.Digest) ?? outputs.Containers.Select(c => NullIfEmpty(c.ManifestDigest)).FirstOrDefault(d => d is not null);
        if (digestText is null)
        {
            throw new ScException(DiagnosticIds.EmptyContainerDigest, outputs.ProjectPath);
        }

        var digest = ParseDigest(digestText, "GeneratedContainerDigest");
        var manifest = NullIfEmpty(outputs.Manifest) ?? outputs.Containers.Select(c => NullIfEmpty(c.Manifest)).FirstOrDefault(m => m is not null);
        var configuration = NullIfEmpty(outputs.Configuration) ?? outputs.Containers.Select(c => NullIfEmpty(c.Configuration)).FirstOrDefault(m => m is not null);
        long? size = null;
        if (manifest is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(manifest);
            digest.Verify(bytes, "GeneratedContainerManifest");
            size = bytes.Length;
        }

        var mediaType = NullIfEmpty(outputs.MediaType) ?? (manifest is null ? null : OciJson.PeekMediaType(Encoding.UTF8.GetBytes(manifest))) ?? MediaTypes.OciManifest;
        var platform = new PlatformImageRecord(PlatformOf(configuration), digest.ToString(), mediaType, size, ConfigDigestOf(manifest, mediaType));
        return (digest, mediaType, null, [platform]);
    }

    private static (Digest, string, ManifestRecord?, IReadOnlyList<PlatformImageRecord>) MultiArch(ContainerPublishOutputs outputs)
    {
        var bytes = Encoding.UTF8.GetBytes(outputs.ImageIndex!);
        var mediaType = OciJson.PeekMediaType(bytes) ?? MediaTypes.OciIndex;
        var index = ReadJson<ImageIndex>(bytes, "GeneratedImageIndex", mediaType);
        var digest = Digest.Sha256(bytes);

        // The SDK returns each GeneratedContainer item twice (from the inner build and from PublishContainer).
        var items = outputs.Containers.Where(c => !string.IsNullOrEmpty(c.ManifestDigest))
            .GroupBy(c => c.ManifestDigest!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var platforms = new List<PlatformImageRecord>();
        foreach (var entry in index.Manifests)
        {
            string? configDigest = null;
            if (items.TryGetValue(entry.Digest.ToString(), out var item) && !string.IsNullOrEmpty(item.Manifest))
            {
                entry.Digest.Verify(Encoding.UTF8.GetBytes(item.Manifest), $"GeneratedContainer manifest {entry.Digest}");
                configDigest = ConfigDigestOf(item.Manifest, entry.MediaType);
            }

            var platform = entry.Platform is { Os.Length: > 0, Architecture.Length: > 0 } known ? known.ToString() : null;
            platforms.Add(new PlatformImageRecord(platform, entry.Digest.ToString(), entry.MediaType, entry.Size, configDigest));
        }

        if (platforms.Count == 0)
        {
            throw new ScException(DiagnosticIds.InvalidContainerOutput, "GeneratedImageIndex", "the index lists no images");
        }

        return (digest, mediaType, new ManifestRecord(digest.ToString(), mediaType, bytes.Length), platforms);
    }

    private static BaseImageRecord? BaseImageOf(ContainerPublishOutputs outputs)
    {
        var digest = NullIfEmpty(outputs.BaseDigest) ?? LabelOf(outputs, BaseDigestLabel);
        var name = NullIfEmpty(outputs.BaseImage) ?? LabelOf(outputs, BaseNameLabel);
        if (name is null && digest is null)
        {
            return null;
        }

        return new BaseImageRecord(name, NullIfEmpty(outputs.BaseRegistry), NullIfEmpty(outputs.BaseName), NullIfEmpty(outputs.BaseTag), digest);
    }

    private static string? LabelOf(ContainerPublishOutputs outputs, string label)
    {
        var configurations = new[] { outputs.Configuration }.Concat(outputs.Containers.Select(c => c.Configuration));
        foreach (var configuration in configurations.Where(c => !string.IsNullOrEmpty(c)))
        {
            var config = ReadJson<ImageConfig>(Encoding.UTF8.GetBytes(configuration!), "GeneratedContainerConfiguration", MediaTypes.OciConfig);
            if (config.Config?.Labels?.GetValueOrDefault(label) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private static string? PlatformOf(string? configuration)
    {
        if (configuration is null)
        {
            return null;
        }

        var config = ReadJson<ImageConfig>(Encoding.UTF8.GetBytes(configuration), "GeneratedContainerConfiguration", MediaTypes.OciConfig);
        return config.Os is null || config.Architecture is null
            ? null
            : new Platform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant }.ToString();
    }

    private static string? ConfigDigestOf(string? manifest, string mediaType) =>
        manifest is null || !MediaTypes.IsImageManifest(mediaType)
            ? null
            : ReadJson<ImageManifest>(Encoding.UTF8.GetBytes(manifest), "GeneratedContainerManifest", mediaType).Config.Digest.ToString();

    private static T ReadJson<T>(byte[] bytes, string output, string mediaType)
    {
        try
        {
            return OciJson.Deserialize<T>(bytes, output, mediaType);
        }
        catch (ScException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.InvalidContainerOutput, DiagnosticSeverity.Error, output, ex.Diagnostic.Text), ex);
        }
    }

    private static Digest ParseDigest(string text, string output) =>
        Digest.TryParse(text, out var digest) ? digest : throw new ScException(DiagnosticIds.InvalidContainerOutput, output, $"'{text}' is not a digest");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
