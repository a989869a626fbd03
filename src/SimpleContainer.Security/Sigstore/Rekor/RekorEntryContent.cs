using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;

namespace SimpleContainer.Security.Sigstore.Rekor;

/// <summary>
/// What a Rekor entry must say about one signature: the kind (<c>hashedrekord</c> for signed bytes, <c>dsse</c> for a
/// DSSE envelope), the signed content's sha256, the signature and the certificate. Builds the proposed entry and
/// checks any body the log returns against it (a 409 answer or a bundle may name another entry).
/// </summary>
public sealed record RekorEntryContent(string Kind, byte[] ContentSha256, byte[] Signature, string CertificatePem, string? EnvelopeJson)
{
    public const string HashedRekord = "hashedrekord";
    public const string Dsse = "dsse";

    public static RekorEntryContent ForBytes(ReadOnlySpan<byte> signedBytes, byte[] signature, string certificatePem) =>
        new(HashedRekord, SHA256.HashData(signedBytes), signature, certificatePem, null);

    /// <summary>
    /// A DSSE entry: the hash is over the payload, the signature over its pre-authentication encoding. The envelope is
    /// serialized as <see cref="DsseEnvelope.ToJsonBytes"/> does, so Rekor's <c>envelopeHash</c> is the sha256 of the
    /// legacy <c>.att</c> layer holding the same envelope (what cosign's <c>verify-attestation</c> compares).
    /// </summary>
    public static RekorEntryContent ForEnvelope(string payloadType, byte[] payload, byte[] signature, string certificatePem)
    {
        var envelope = new DsseEnvelope(Convert.ToBase64String(payload), payloadType, [new DsseSignature(string.Empty, Convert.ToBase64String(signature))]);
        return new(Dsse, SHA256.HashData(payload), signature, certificatePem, Encoding.UTF8.GetString(envelope.ToJsonBytes()));
    }

    public JsonObject ToProposedEntry()
    {
        var verifier = Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificatePem));
        return Kind == Dsse
            ? new JsonObject
            {
                ["apiVersion"] = "0.0.1",
                ["kind"] = Dsse,
                ["spec"] = new JsonObject { ["proposedContent"] = new JsonObject { ["envelope"] = EnvelopeJson, ["verifiers"] = new JsonArray(verifier) } },
            }
            : new JsonObject
            {
                ["apiVersion"] = "0.0.1",
                ["kind"] = HashedRekord,
                ["spec"] = new JsonObject
                {
                    ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(ContentSha256) } },
                    ["signature"] = new JsonObject { ["content"] = Convert.ToBase64String(Signature), ["publicKey"] = new JsonObject { ["content"] = verifier } },
                },
            };
    }

    /// <summary>Why <paramref name="body"/> (a canonical Rekor entry) is not an entry for this signature; null when it is.</summary>
    public string? Mismatch(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return "the entry body is not JSON";
        }

        try
        {
            var kind = root?["kind"]?.GetValue<string>();
            var spec = root?["spec"];
            if (kind != Kind || spec is null)
            {
                return $"the entry is a '{kind}' entry, not '{Kind}'";
            }

            string? hash, signature, verifier;
            if (Kind == Dsse)
            {
                hash = spec["payloadHash"]?["value"]?.GetValue<string>();
                var signatures = spec["signatures"]?.AsArray();
                if (signatures is not { Count: 1 })
                {
                    return "the entry does not hold exactly one signature";
                }

                signature = signatures[0]?["signature"]?.GetValue<string>();
                verifier = signatures[0]?["verifier"]?.GetValue<string>();
            }
            else
            {
                hash = spec["data"]?["hash"]?["value"]?.GetValue<string>();
                signature = spec["signature"]?["content"]?.GetValue<string>();
                verifier = spec["signature"]?["publicKey"]?["content"]?.GetValue<string>();
            }

            if (!string.Equals(hash, Convert.ToHexStringLower(ContentSha256), StringComparison.OrdinalIgnoreCase))
            {
                return $"the entry records the hash {hash}, not the signed content's sha256 {Convert.ToHexStringLower(ContentSha256)}";
            }

            if (signature is null || !Convert.FromBase64String(signature).AsSpan().SequenceEqual(Signature))
            {
                return "the entry records another signature";
            }

            if (verifier is null || !SameCertificate(Encoding.UTF8.GetString(Convert.FromBase64String(verifier)), CertificatePem))
            {
                return "the entry records another certificate or key";
            }

            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return "the entry body is malformed: " + ex.Message;
        }
    }

    private static bool SameCertificate(string a, string b) => Normalize(a) == Normalize(b);

    private static string Normalize(string pem) => string.Concat(pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
}
