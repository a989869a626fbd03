using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Pipeline;

/// <summary>
/// <c>sc-security/image.json</c>: the image one publish produced, pinned by digest. Every later stage (SBOM, scan,
/// sign, attest) and <c>sc stack …</c> works from this record, never from a tag.
/// </summary>
public sealed record ImageRecord
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [JsonPropertyName("project")]
    public required string Project { get; init; }

    /// <summary>Null in archive mode without a registry.</summary>
    [JsonPropertyName("registry")]
    public string? Registry { get; init; }

    [JsonPropertyName("repository")]
    public required string Repository { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The digest of what was published: the index for multi-arch, else the image manifest.</summary>
    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    /// <summary><c>registry/repository@digest</c>, or null when nothing was pushed.</summary>
    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    /// <summary>Set for multi-arch publishes: the index digest, computed from the bytes the SDK pushed.</summary>
    [JsonPropertyName("index")]
    public ManifestRecord? Index { get; init; }

    /// <summary>Every platform image (one for a single-RID publish).</summary>
    [JsonPropertyName("platforms")]
    public IReadOnlyList<PlatformImageRecord> Platforms { get; init; } = [];

    [JsonPropertyName("baseImage")]
    public BaseImageRecord? BaseImage { get; init; }

    [JsonPropertyName("archivePath")]
    public string? ArchivePath { get; init; }

    [JsonPropertyName("pushed")]
    public bool Pushed { get; init; }

    [JsonPropertyName("recordedAt")]
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary><c>registry/repository@digest</c>, or <c>repository@digest</c> when nothing was pushed: how messages name the image.</summary>
    [JsonIgnore]
    public string Subject => Reference ?? $"{Repository}@{Digest}";

    /// <summary><c>registry/repository@digest</c> of one of this publish's manifests when it was pushed, else null (archive mode).</summary>
    public string? PushedReference(string digest) =>
        Pushed && Registry is not null ? Oci.ImageReference.Create(Registry, Repository, digest: Oci.Digest.Parse(digest)).ToString() : null;
}

public sealed record ManifestRecord(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("size")] long Size);

public sealed record PlatformImageRecord(
    [property: JsonPropertyName("platform")] string? Platform,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("configDigest")] string? ConfigDigest);

public sealed record BaseImageRecord(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("registry")] string? Registry,
    [property: JsonPropertyName("repository")] string? Repository,
    [property: JsonPropertyName("tag")] string? Tag,
    [property: JsonPropertyName("digest")] string? Digest);
