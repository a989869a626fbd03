using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing;

/// <summary>A public key read from a PEM file (<c>PUBLIC KEY</c>, as cosign.pub).</summary>
public sealed class PublicKeyFile : IVerificationKey, IDisposable
{
    private readonly ECDsa _key;

    private PublicKeyFile(ECDsa key) => _key = key;

    public static PublicKeyFile Load(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new PublicKeyFile(key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new ScException(new ScDiagnostic(DiagnosticIds.KeyFileUnreadable, DiagnosticSeverity.Error, path, ex.Message), ex);
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
