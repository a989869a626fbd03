using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Attestation;

/// <summary>An in-toto Statement v1: subjects, predicate type and predicate.</summary>
public sealed record InTotoStatement(
    [property: JsonPropertyName("subject")] IReadOnlyList<InTotoSubject> Subject,
    [property: JsonPropertyName("predicateType")] string PredicateType,
    [property: JsonPropertyName("predicate")] JsonNode? Predicate)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>The predicate type cosign 3 signs for an image signature.</summary>
    public const string CosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";

    [JsonPropertyName("_type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = StatementType;

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Oci.OciJson.Options);

    public static InTotoStatement Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<InTotoStatement>(json, Oci.OciJson.Options) ?? throw new JsonException("The statement is null.");
}

public sealed record InTotoSubject(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("digest")] IReadOnlyDictionary<string, string> Digest);
