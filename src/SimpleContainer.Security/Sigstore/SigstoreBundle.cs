using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore;

/// <summary>
/// A Sigstore bundle v0.3 (<c>application/vnd.dev.sigstore.bundle.v0.3+json</c>) holding a DSSE envelope, with either a
/// public-key hint or a certificate as verification material. Field names follow the protobuf-specs JSON form.
/// </summary>
public sealed record SigstoreBundle(DsseEnvelope Envelope, string? PublicKeyHint, string? CertificateDerBase64, JsonArray? TlogEntries)
{
    public const string MediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>RFC 3161 timestamps over the signature (DER CMS), the bundle's <c>timestampVerificationData</c>.</summary>
    public IReadOnlyList<byte[]> Rfc3161Timestamps { get; init; } = [];

    public byte[] ToBytes()
    {
        var material = new JsonObject();
        if (CertificateDerBase64 is not null)
        {
            material["certificate"] = new JsonObject { ["rawBytes"] = CertificateDerBase64 };
        }
        else
        {
            material["publicKey"] = new JsonObject { ["hint"] = PublicKeyHint ?? string.Empty };
        }

        material["tlogEntries"] = TlogEntries?.DeepClone() ?? new JsonArray();
        if (Rfc3161Timestamps.Count > 0)
        {
            material["timestampVerificationData"] = new JsonObject
            {
                ["rfc3161Timestamps"] = new JsonArray(Rfc3161Timestamps.Select(t => (JsonNode)new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(t) }).ToArray()),
            };
        }
        var bundle = new JsonObject
        {
            ["mediaType"] = MediaType,
            ["verificationMaterial"] = material,
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Envelope.Payload,
                ["payloadType"] = Envelope.PayloadType,
                ["signatures"] = new JsonArray(Envelope.Signatures.Select(s => (JsonNode)new JsonObject { ["sig"] = s.Sig, ["keyid"] = s.KeyId }).ToArray()),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(bundle, Oci.OciJson.Options);
    }

    public static SigstoreBundle Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var root = JsonNode.Parse(json.ToArray())?.AsObject() ?? throw new JsonException("the bundle is empty");
            var mediaType = root["mediaType"]?.GetValue<string>();
            if (mediaType is null || !mediaType.StartsWith("application/vnd.dev.sigstore.bundle", StringComparison.Ordinal))
            {
                throw new JsonException($"unknown bundle media type '{mediaType}'");
            }

            var material = root["verificationMaterial"]?.AsObject() ?? throw new JsonException("no verificationMaterial");
            var dsse = root["dsseEnvelope"]?.AsObject() ?? throw new JsonException("no dsseEnvelope (message-signature bundles are not image signatures)");
            var signatures = dsse["signatures"]?.AsArray().Select(s => new DsseSignature(s?["keyid"]?.GetValue<string>() ?? string.Empty, s?["sig"]?.GetValue<string>() ?? string.Empty)).ToList() ?? [];
            var envelope = new DsseEnvelope(dsse["payload"]?.GetValue<string>() ?? string.Empty, dsse["payloadType"]?.GetValue<string>() ?? string.Empty, signatures);
            return new SigstoreBundle(
                envelope,
                material["publicKey"]?["hint"]?.GetValue<string>(),
                material["certificate"]?["rawBytes"]?.GetValue<string>(),
                material["tlogEntries"]?.AsArray().DeepClone().AsArray())
            {
                Rfc3161Timestamps = material["timestampVerificationData"]?["rfc3161Timestamps"]?.AsArray()
                    .Select(t => Convert.FromBase64String(t?["signedTimestamp"]?.GetValue<string>() ?? string.Empty)).ToList() ?? [],
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.SignatureManifestInvalid, DiagnosticSeverity.Error, "Sigstore bundle", ex.Message), ex);
        }
    }
}
