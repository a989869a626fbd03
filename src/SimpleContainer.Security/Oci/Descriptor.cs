using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Oci;

/// <summary>An OCI content descriptor.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    [JsonConverter(typeof(DigestJsonConverter))]
    public required Digest Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }

    public static Descriptor For(string mediaType, ReadOnlySpan<byte> content) =>
        new() { MediaType = mediaType, Digest = Digest.Sha256(content), Size = content.Length };
}

/// <summary>The platform of an index entry.</summary>
public sealed record Platform
{
    // Optional when read: the SDK's archive index.json writes "platform":{}.
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = string.Empty;

    [JsonPropertyName("os")]
    public string Os { get; init; } = string.Empty;

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    public override string ToString() => $"{Os}/{Architecture}{(Variant is null ? string.Empty : "/" + Variant)}";
}
