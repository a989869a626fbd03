using System.Security.Cryptography;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// A private key that makes cosign-compatible signatures: ECDSA over SHA-256 as ASN.1 DER, or RSA PKCS#1 v1.5 over
/// SHA-256 (cosign uses SHA-256 for every key type). Read one with <see cref="KeyFiles"/>; dispose it when done.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm key;
    private bool disposed;

    private SigningKey(AsymmetricAlgorithm key, VerificationKey publicKey)
    {
        this.key = key;
        PublicKey = publicKey;
    }

    public KeyAlgorithm Algorithm => PublicKey.Algorithm;

    public VerificationKey PublicKey { get; }

    /// <summary>A fresh ECDSA P-256 key, the kind cosign generate-key-pair makes (and keyless signing uses).</summary>
    public static SigningKey GenerateEcdsaP256() => Own(ECDsa.Create(ECCurve.NamedCurves.nistP256), "(generated)");

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return key is RSA rsa
            ? rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : ((ECDsa)key).SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            key.Dispose();
        }
    }

    public override string ToString() => $"{Algorithm} signing key {PublicKey.Hint}";

    /// <summary>Takes ownership of an imported ECDsa or RSA key; disposes it and throws SCSEC5006 when its type is not supported.</summary>
    internal static SigningKey Own(AsymmetricAlgorithm key, string source)
    {
        try
        {
            return new SigningKey(key, VerificationKey.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), source));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The private key as unencrypted PKCS#8 DER; the caller must zero it.</summary>
    internal byte[] ExportPkcs8PrivateKey()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return key.ExportPkcs8PrivateKey();
    }
}
