using System.Security.Cryptography;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>An in-memory ECDSA P-256 key signing as cosign does (SHA-256, ASN.1 DER), for tests that need many keys.</summary>
public sealed class TestSigningKey : IPayloadSigner, IVerificationKey, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    public string? PublicKeyHint => Convert.ToBase64String(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));

    public Task<SignatureMaterial> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Task.FromResult(new SignatureMaterial(_key.SignData(data.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>Writes the public key (and the plain PKCS#8 private key) as PEM files in a new folder; returns the public key's path.</summary>
    public string WritePublicKey()
    {
        var folder = Directory.CreateTempSubdirectory("sc-test-key-").FullName;
        var path = Path.Combine(folder, "key.pub");
        File.WriteAllText(path, PublicKeyPem);
        return path;
    }

    public void Dispose() => _key.Dispose();
}
