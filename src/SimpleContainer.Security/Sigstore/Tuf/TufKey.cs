using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>
/// A key of TUF metadata (<c>keys</c> of root.json) and the check of one signature over canonical <c>signed</c> bytes.
/// Schemes: ecdsa-sha2-nistp256/384 (PEM SubjectPublicKeyInfo, DER signature; Sigstore's public-good and
/// @tufjs/repo-mock), ed25519 (hex key; BouncyCastle, the BCL has none) and rsassa-pss-sha256 (PEM).
/// </summary>
internal sealed class TufKey(string keyType, string scheme, string publicKey)
{
    public string Scheme => scheme;

    public static TufKey Parse(JsonNode node) => new(
        node["keytype"]?.GetValue<string>() ?? string.Empty,
        node["scheme"]?.GetValue<string>() ?? string.Empty,
        node["keyval"]?["public"]?.GetValue<string>() ?? string.Empty);

    /// <summary>True when <paramref name="signatureHex"/> is a valid signature; false for a bad one or an unsupported scheme.</summary>
    public bool Verifies(byte[] data, string signatureHex)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        if (signature.Length == 0)
        {
            return false;
        }

        try
        {
            switch (scheme)
            {
                case "ecdsa-sha2-nistp256" when keyType is "ecdsa" or "ecdsa-sha2-nistp256":
                case "ecdsa-sha2-nistp384" when keyType is "ecdsa" or "ecdsa-sha2-nistp384":
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportFromPem(publicKey);
                        var hash = scheme.EndsWith("256", StringComparison.Ordinal) ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                        return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                    }

                case "ed25519" when keyType == "ed25519":
                    var verifier = new Ed25519Signer();
                    verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromHexString(publicKey)));
                    verifier.BlockUpdate(data, 0, data.Length);
                    return verifier.VerifySignature(signature);
                case "rsassa-pss-sha256" when keyType == "rsa":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportFromPem(publicKey);
                        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
                    }

                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException)
        {
            return false;
        }
    }
}
