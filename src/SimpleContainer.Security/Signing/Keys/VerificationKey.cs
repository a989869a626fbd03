using System.Formats.Asn1;
using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// A public key that checks cosign-compatible signatures: ECDSA over SHA-256 with ASN.1 DER signatures, RSA
/// PKCS#1 v1.5 over SHA-256, or Ed25519 over the message. Immutable and safe to share between threads.
/// </summary>
public sealed class VerificationKey : IVerificationKey
{
    public const int MinRsaBits = 2048;
    public const int MaxRsaBits = 16384;

    private readonly byte[] subjectPublicKeyInfo;

    private VerificationKey(byte[] subjectPublicKeyInfo, KeyAlgorithm algorithm)
    {
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        Algorithm = algorithm;
        Hint = Convert.ToBase64String(SHA256.HashData(subjectPublicKeyInfo));
    }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>The key as DER SubjectPublicKeyInfo (a copy), re-encoded canonically as Go's x509 would.</summary>
    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    /// <summary>The Sigstore bundle's <c>publicKey.hint</c> as cosign computes it: base64(sha256(DER SPKI)).</summary>
    public string Hint { get; }

    /// <summary>Reads a DER SubjectPublicKeyInfo; throws SCSEC5007 when it is malformed and SCSEC5006 for other key types.</summary>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => FromSubjectPublicKeyInfo(der, "(DER)");

    /// <summary>The <c>PUBLIC KEY</c> PEM, laid out as Go's pem.Encode writes it (64-character lines, final newline).</summary>
    public string ToPem() => PemEncoding.WriteString(KeyFiles.PublicKeyLabel, subjectPublicKeyInfo) + "\n";

    /// <summary>True when <paramref name="signature"/> is this key's signature over <paramref name="data"/>; false for anything else, malformed signatures included.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (Algorithm == KeyAlgorithm.Ed25519)
            {
                return Ed25519Keys.Verify(subjectPublicKeyInfo, data, signature);
            }

            if (Algorithm == KeyAlgorithm.Rsa)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public override string ToString() => $"{Algorithm} key {Hint}";

    internal static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der, string source)
    {
        AlgorithmId id;
        try
        {
            id = KeyAsn.ReadSpkiAlgorithm(der);
        }
        catch (AsnContentException ex)
        {
            throw new ScException(DiagnosticIds.PublicKeyInvalid, source, KeyErrorText.Reason(ex));
        }

        var algorithm = id switch
        {
            { Oid: KeyAsn.EcPublicKey, Parameter: KeyAsn.P256 } => KeyAlgorithm.EcdsaP256,
            { Oid: KeyAsn.EcPublicKey, Parameter: KeyAsn.P384 } => KeyAlgorithm.EcdsaP384,
            { Oid: KeyAsn.RsaEncryption } => KeyAlgorithm.Rsa,
            { Oid: Ed25519Keys.Oid } => KeyAlgorithm.Ed25519,
            _ => throw new ScException(DiagnosticIds.KeyTypeUnsupported, source, KeyAsn.Describe(id)),
        };

        if (algorithm == KeyAlgorithm.Ed25519)
        {
            try
            {
                return new VerificationKey(Ed25519Keys.CanonicalSubjectPublicKeyInfo(der), algorithm);
            }
            catch (CryptographicException ex)
            {
                throw new ScException(DiagnosticIds.PublicKeyInvalid, source, KeyErrorText.Reason(ex));
            }
        }

        using AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa ? RSA.Create() : ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                throw new ScException(DiagnosticIds.PublicKeyInvalid, source, "unexpected data after the key");
            }

            if (algorithm == KeyAlgorithm.Rsa && key.KeySize is < MinRsaBits or > MaxRsaBits)
            {
                throw new ScException(DiagnosticIds.KeyTypeUnsupported, source, $"RSA with {key.KeySize} bits");
            }

            return new VerificationKey(key.ExportSubjectPublicKeyInfo(), algorithm);
        }
        catch (CryptographicException ex)
        {
            throw new ScException(DiagnosticIds.PublicKeyInvalid, source, KeyErrorText.Reason(ex));
        }
    }
}
