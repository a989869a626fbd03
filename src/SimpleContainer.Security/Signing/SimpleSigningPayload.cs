using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// The simple-signing payload cosign signs: <c>{"critical":{"identity":{"docker-reference":…},"image":
/// {"docker-manifest-digest":…},"type":"cosign container image signature"},"optional":…}</c>. Written byte for byte as
/// cosign's Go encoder writes it (field order, <c>null</c> for no annotations, map keys sorted, no HTML escaping).
/// </summary>
public sealed record SimpleSigningPayload(string DockerReference, Digest ManifestDigest, IReadOnlyDictionary<string, string>? Optional)
{
    public string Type { get; init; } = CosignConventions.SignatureType;

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("critical");
            writer.WriteStartObject("identity");
            writer.WriteString("docker-reference", DockerReference);
            writer.WriteEndObject();
            writer.WriteStartObject("image");
            writer.WriteString("docker-manifest-digest", ManifestDigest.ToString());
            writer.WriteEndObject();
            writer.WriteString("type", Type);
            writer.WriteEndObject();
            if (Optional is null || Optional.Count == 0)
            {
                writer.WriteNull("optional");
            }
            else
            {
                writer.WriteStartObject("optional");
                foreach (var (key, value) in Optional.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a payload (any producer: cosign writes <c>optional: null</c>, skopeo an object with creator and timestamp).</summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var critical = document.RootElement.GetProperty("critical");
            var reference = critical.GetProperty("identity").GetProperty("docker-reference").GetString() ?? string.Empty;
            var digestText = critical.GetProperty("image").GetProperty("docker-manifest-digest").GetString();
            var type = critical.GetProperty("type").GetString() ?? string.Empty;
            Dictionary<string, string>? optional = null;
            if (document.RootElement.TryGetProperty("optional", out var element) && element.ValueKind == JsonValueKind.Object)
            {
                optional = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
            }

            if (!Digest.TryParse(digestText, out var digest))
            {
                throw new JsonException($"'{digestText}' is not a digest");
            }

            return new SimpleSigningPayload(reference, digest, optional) { Type = type };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.InvalidSignaturePayload, DiagnosticSeverity.Error, ex.Message), ex);
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
