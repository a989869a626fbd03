using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// A private key that makes cosign-compatible signatures: ECDSA over SHA-256 as ASN.1 DER, RSA PKCS#1 v1.5 over
/// SHA-256, or Ed25519 over the message itself (as cosign 2.5). Read one with <see cref="KeyFiles"/>; dispose it when done.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm? key;
    private readonly Ed25519PrivateKeyParameters? ed25519;
    private bool disposed;

    private SigningKey(AsymmetricAlgorithm? key, Ed25519PrivateKeyParameters? ed25519, VerificationKey publicKey)
    {
        this.key = key;
        this.ed25519 = ed25519;
        PublicKey = publicKey;
    }

    public KeyAlgorithm Algorithm => PublicKey.Algorithm;

    public VerificationKey PublicKey { get; }

    /// <summary>A fresh ECDSA P-256 key, the kind cosign generate-key-pair makes (and keyless signing uses).</summary>
    public static SigningKey GenerateEcdsaP256() => Own(ECDsa.Create(ECCurve.NamedCurves.nistP256), "(generated)");

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return key switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            _ => Ed25519Keys.Sign(ed25519!, data),
        };
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            key?.Dispose();
        }
    }

    public override string ToString() => $"{Algorithm} signing key {PublicKey.Hint}";

    /// <summary>Takes ownership of an imported ECDsa or RSA key; disposes it and throws SCSEC5006 when its type is not supported.</summary>
    internal static SigningKey Own(AsymmetricAlgorithm key, string source)
    {
        try
        {
            return new SigningKey(key, null, VerificationKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), source));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>An Ed25519 key (BouncyCastle's parameters; the BCL has no Ed25519).</summary>
    internal static SigningKey FromEd25519(Ed25519PrivateKeyParameters key, string source) =>
        new(null, key, VerificationKey.FromSubjectPublicKeyInfo(Ed25519Keys.SubjectPublicKeyInfo(key), source));

    /// <summary>The private key as unencrypted PKCS#8 DER; the caller must zero it.</summary>
    internal byte[] ExportPkcs8PrivateKey()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return key?.ExportPkcs8PrivateKey() ?? Ed25519Keys.ExportPkcs8(ed25519!);
    }
}
