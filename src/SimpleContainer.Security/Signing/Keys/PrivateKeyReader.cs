using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>Turns a private key PEM of any supported kind into a <see cref="SigningKey"/>.</summary>
internal static class PrivateKeyReader
{
    public const string Pkcs8Label = "PRIVATE KEY";
    public const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";
    public const string EcLabel = "EC PRIVATE KEY";
    public const string RsaLabel = "RSA PRIVATE KEY";

    /// <summary>
    /// The most PBKDF2 (or PBES1 / PKCS#12) iterations an encrypted PKCS#8 key may ask for. The count comes from the
    /// key file, and the BCL runs whatever it says (2^31-1 took more than 88 s). OpenSSL writes 2048 by default and
    /// OWASP's 2023 advice peaks at 1,300,000 (HMAC-SHA1); five million leaves room for deliberate hardening while
    /// bounding the work (about 1.2 s of PBKDF2 here, twice that for an RSA key, which is tried after EC).
    /// </summary>
    public const long MaxKeyDerivationIterations = 5_000_000;

    private static readonly ImmutableArray<string> Labels =
        [KeyFiles.SigstorePrivateKeyLabel, KeyFiles.CosignPrivateKeyLabel, Pkcs8Label, EncryptedPkcs8Label, EcLabel, RsaLabel];

    public static SigningKey Read(ReadOnlySpan<char> pem, ReadOnlySpan<char> password, string source)
    {
        var block = PemBlocks.Find(pem, Labels.AsSpan(), out var others);
        if (block is not { } found)
        {
            if (pem.IndexOf("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) >= 0)
            {
                throw new ScException(DiagnosticIds.KeyEncryptionUnsupported, source, "legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED)");
            }

            throw new ScException(DiagnosticIds.KeyPemNotFound, source, string.Join(", ", Labels), others.Count == 0 ? "no PEM block" : string.Join(", ", others));
        }

        var (label, der) = found;
        try
        {
            return label switch
            {
                KeyFiles.SigstorePrivateKeyLabel or KeyFiles.CosignPrivateKeyLabel => FromCosign(der, password, source, label),
                EncryptedPkcs8Label => FromEncryptedPkcs8(der, password, source),
                EcLabel => Import(ECDsa.Create(), der, source, label, static (k, d) => { k.ImportECPrivateKey(d, out var read); return read; }),
                RsaLabel => Import(RSA.Create(), der, source, label, static (k, d) => { k.ImportRSAPrivateKey(d, out var read); return read; }),
                _ => FromPkcs8(der, source, label),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static SigningKey FromCosign(byte[] envelope, ReadOnlySpan<char> password, string source, string label)
    {
        var pkcs8 = CosignKeyEnvelope.Decrypt(envelope, password, source, label);
        try
        {
            return FromPkcs8(pkcs8, source, label);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static SigningKey FromPkcs8(byte[] der, string source, string label)
    {
        AlgorithmId id;
        try
        {
            id = KeyAsn.ReadPkcs8Algorithm(der);
        }
        catch (AsnContentException ex)
        {
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, label, KeyErrorText.Reason(ex));
        }

        return id.Oid switch
        {
            KeyAsn.EcPublicKey => Import(ECDsa.Create(), der, source, label, static (k, d) => { k.ImportPkcs8PrivateKey(d, out var read); return read; }),
            KeyAsn.RsaEncryption => Import(RSA.Create(), der, source, label, static (k, d) => { k.ImportPkcs8PrivateKey(d, out var read); return read; }),
            Ed25519Keys.Oid => FromEd25519(der, source, label),
            _ => throw new ScException(DiagnosticIds.KeyTypeUnsupported, source, KeyAsn.Describe(id)),
        };
    }

    private static SigningKey FromEd25519(byte[] der, string source, string label)
    {
        try
        {
            return SigningKey.FromEd25519(Ed25519Keys.ReadPrivateKey(der), source);
        }
        catch (CryptographicException ex)
        {
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, label, KeyErrorText.Reason(ex));
        }
    }

    private static SigningKey FromEncryptedPkcs8(byte[] der, ReadOnlySpan<char> password, string source)
    {
        EncryptedPkcs8Scheme scheme;
        try
        {
            scheme = KeyAsn.ReadEncryptedPkcs8Scheme(der);
        }
        catch (AsnContentException ex)
        {
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, EncryptedPkcs8Label, KeyErrorText.Reason(ex));
        }

        if (scheme.KeyDerivation is { } kdf && kdf != KeyAsn.Pbkdf2)
        {
            throw new ScException(DiagnosticIds.KeyEncryptionUnsupported, source, $"PKCS#8 PBES2 with {KeyAsn.DescribeScheme(kdf)}");
        }

        if (scheme.Iterations > MaxKeyDerivationIterations)
        {
            throw new ScException(DiagnosticIds.KeyDerivationTooCostly, source, scheme.Iterations, MaxKeyDerivationIterations);
        }

        // The BCL decrypts and checks the algorithm in one step, so try EC, then RSA; when both fail the structure
        // was sound (checked above), which leaves a wrong password as the cause.
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportEncryptedPkcs8PrivateKey(password, der, out _);
            return SigningKey.Own(ecdsa, source);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportEncryptedPkcs8PrivateKey(password, der, out _);
            return SigningKey.Own(rsa, source);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            throw new ScException(DiagnosticIds.KeyPasswordIncorrect, source, $"the encrypted PKCS#8 key ({KeyAsn.DescribeScheme(scheme.Scheme)}) does not decrypt to an EC or RSA key with it");
        }
    }

    private static SigningKey Import<T>(T key, byte[] der, string source, string label, Func<T, byte[], int> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            if (import(key, der) != der.Length)
            {
                throw new CryptographicException("unexpected data after the key");
            }
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, label, KeyErrorText.Reason(ex));
        }

        return SigningKey.Own(key, source);
    }
}
