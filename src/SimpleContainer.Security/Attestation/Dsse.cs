using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Attestation;

/// <summary>A DSSE envelope (secure-systems-lab/dsse): payload and signatures, both base64.</summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures)
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    public byte[] PayloadBytes => Convert.FromBase64String(Payload);

    /// <summary>
    /// The one serialization of an envelope we write. The legacy <c>.att</c> layer and the envelope logged in the Rekor
    /// <c>dsse</c> entry must be the same bytes: cosign checks the entry's <c>envelopeHash</c> against the layer's sha256.
    /// </summary>
    public byte[] ToJsonBytes() => Oci.OciJson.Serialize(this);

    /// <summary>The bytes a DSSE signature covers: <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, ReadOnlySpan<byte> payload)
    {
        var typeBytes = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {typeBytes.Length} {payloadType} {payload.Length} "));
        var result = new byte[header.Length + payload.Length];
        header.CopyTo(result, 0);
        payload.CopyTo(result.AsSpan(header.Length));
        return result;
    }
}

public sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string KeyId,
    [property: JsonPropertyName("sig")] string Sig);
