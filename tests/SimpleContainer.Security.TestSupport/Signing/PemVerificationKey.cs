using System.Security.Cryptography;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>An ECDSA public key read from a PEM file (what cosign generate-key-pair writes as cosign.pub).</summary>
public sealed class PemVerificationKey : IVerificationKey, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create();

    private PemVerificationKey(string pem) => _key.ImportFromPem(pem);

    public static PemVerificationKey FromFile(string path) => new(File.ReadAllText(path));

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
