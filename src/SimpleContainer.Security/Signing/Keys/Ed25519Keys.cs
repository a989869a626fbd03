using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// Ed25519 (RFC 8032, RFC 8410 key encodings), which .NET lacks: BouncyCastle's. Pure Ed25519 over the message, which
/// is what cosign 2.5 does with an Ed25519 key (its signatures equal OpenSSL's <c>pkeyutl -sign -rawin</c>).
/// </summary>
internal static class Ed25519Keys
{
    public const string Oid = "1.3.101.112";
    public const int SignatureSize = 64;

    /// <summary>Reads an RFC 8410 PKCS#8 Ed25519 private key (v1, or v2 with the public key); throws <see cref="CryptographicException"/> when malformed.</summary>
    public static Ed25519PrivateKeyParameters ReadPrivateKey(byte[] pkcs8)
    {
        try
        {
            return PrivateKeyFactory.CreateKey(pkcs8) as Ed25519PrivateKeyParameters
                ?? throw new CryptographicException("not an Ed25519 private key");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or InvalidCastException)
        {
            throw new CryptographicException(ex.Message, ex);
        }
    }

    /// <summary>Reads an Ed25519 SubjectPublicKeyInfo and returns it re-encoded as Go's x509 writes it.</summary>
    public static byte[] CanonicalSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        var key = ReadPublicKey(spki.ToArray());
        return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded();
    }

    public static byte[] SubjectPublicKeyInfo(Ed25519PrivateKeyParameters key) =>
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.GeneratePublicKey()).GetDerEncoded();

    /// <summary>The key as Go's x509.MarshalPKCS8PrivateKey writes it: version 0, the OID, and the 32-byte seed in an OCTET STRING.</summary>
    public static byte[] ExportPkcs8(Ed25519PrivateKeyParameters key)
    {
        var seed = key.GetEncoded();
        try
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Oid);
                }

                var inner = new AsnWriter(AsnEncodingRules.DER);
                inner.WriteOctetString(seed);
                writer.WriteOctetString(inner.Encode());
            }

            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static byte[] Sign(Ed25519PrivateKeyParameters key, ReadOnlySpan<byte> data)
    {
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, key);
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }

    public static bool Verify(byte[] spki, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(forSigning: false, ReadPublicKey(spki));
        verifier.BlockUpdate(data);
        return verifier.VerifySignature(signature.ToArray());
    }

    private static Ed25519PublicKeyParameters ReadPublicKey(byte[] spki)
    {
        try
        {
            return PublicKeyFactory.CreateKey(spki) as Ed25519PublicKeyParameters
                ?? throw new CryptographicException("not an Ed25519 public key");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or InvalidCastException or SecurityUtilityException)
        {
            throw new CryptographicException(ex.Message, ex);
        }
    }
}
