using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Sigstore;

/// <summary>
/// A Sigstore bundle v0.3 over plain signed bytes (<c>messageSignature</c>: the bytes' sha256 and the signature), with
/// the certificate and the <c>hashedrekord</c> entry. It is the archivable evidence of a legacy <c>.sig</c> signature:
/// the signed bytes are the simple-signing payload, which the bundle's digest names.
/// </summary>
public static class MessageSignatureBundle
{
    public static byte[] Create(ReadOnlySpan<byte> signedBytes, SignatureMaterial material)
    {
        var material_ = new JsonObject
        {
            ["certificate"] = new JsonObject { ["rawBytes"] = PemBody(material.CertificatePem ?? throw new ArgumentException("A message-signature bundle needs the signing certificate.", nameof(material))) },
            ["tlogEntries"] = material.TlogEntry is null ? new JsonArray() : new JsonArray(material.TlogEntry.ToBundleJson()),
        };
        if (material.Rfc3161Timestamp is not null)
        {
            material_["timestampVerificationData"] = new JsonObject { ["rfc3161Timestamps"] = new JsonArray(new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(material.Rfc3161Timestamp) }) };
        }

        var bundle = new JsonObject
        {
            ["mediaType"] = SigstoreBundle.MediaType,
            ["verificationMaterial"] = material_,
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(SHA256.HashData(signedBytes)) },
                ["signature"] = Convert.ToBase64String(material.Signature),
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(bundle, Oci.OciJson.Options);
    }

    internal static string PemBody(string pem) =>
        string.Concat(pem.Split('\n').Select(l => l.Trim()).TakeWhile(l => l != "-----END CERTIFICATE-----").Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
}
