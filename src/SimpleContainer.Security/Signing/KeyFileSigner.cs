using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>Signs with a private key read from a PEM file, the way cosign does (ECDSA, SHA-256, ASN.1 DER).</summary>
public sealed class KeyFileSigner : IPayloadSigner, IVerificationKey, IDisposable
{
    private readonly ECDsa _key;

    private KeyFileSigner(ECDsa key, string path)
    {
        _key = key;
        KeyPath = path;
        PublicKeyHint = Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public string KeyPath { get; }

    public string? PublicKeyHint { get; }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static KeyFileSigner Load(string path, string? password)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.KeyFileUnreadable, DiagnosticSeverity.Error, path, ex.Message), ex);
        }

        var key = ECDsa.Create();
        try
        {
            if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new ScException(DiagnosticIds.SigningPasswordMissing, path);
                }

                key.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                key.ImportFromPem(pem);
            }

            return new KeyFileSigner(key, path);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new ScException(new ScDiagnostic(DiagnosticIds.KeyFileUnreadable, DiagnosticSeverity.Error, path, ex.Message), ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public Task<SignatureMaterial> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Task.FromResult(new SignatureMaterial(_key.SignData(data.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();
}
