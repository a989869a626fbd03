using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Signs with a private key file as cosign does (ECDSA or RSA, SHA-256): cosign's encrypted keys or PEM keys, read by
/// <see cref="KeyFiles"/>. Also verifies with the matching public key.
/// </summary>
public sealed class KeyFileSigner : IPayloadSigner, IVerificationKey, IDisposable
{
    private readonly SigningKey _key;

    private KeyFileSigner(SigningKey key, string path)
    {
        _key = key;
        KeyPath = path;
    }

    public string KeyPath { get; }

    public VerificationKey PublicKey => _key.PublicKey;

    public string? PublicKeyHint => _key.PublicKey.Hint;

    /// <summary>Loads a key; an encrypted key without a password is <see cref="DiagnosticIds.SigningPasswordMissing"/>, naming COSIGN_PASSWORD.</summary>
    public static KeyFileSigner Load(string path, string? password)
    {
        var bytes = KeyFiles.ReadKeyFile(path);
        try
        {
            return FromKeyBytes(bytes, password, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Loads a key held in memory (a <c>${secret:…}</c> the stack YAML names); <paramref name="source"/> names it in errors, never the key.</summary>
    public static KeyFileSigner FromPem(string pem, string? password, string source) => FromText(pem, password, source);

    /// <summary>Loads a key from the bytes of its PEM file; <paramref name="source"/> names it in errors.</summary>
    internal static KeyFileSigner FromKeyBytes(ReadOnlySpan<byte> pem, string? password, string source)
    {
        var text = new char[Encoding.UTF8.GetCharCount(pem)];
        Encoding.UTF8.GetChars(pem, text);
        try
        {
            return FromText(text, password, source);
        }
        finally
        {
            Array.Clear(text);
        }
    }

    private static KeyFileSigner FromText(ReadOnlySpan<char> pem, string? password, string source)
    {
        if (string.IsNullOrEmpty(password) && pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new ScException(DiagnosticIds.SigningPasswordMissing, source);
        }

        return new KeyFileSigner(KeyFiles.ReadPrivateKey(pem, password ?? string.Empty, source), source);
    }

    public Task<SignatureMaterial> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Task.FromResult(new SignatureMaterial(_key.Sign(data.Span)));

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => _key.PublicKey.Verify(data, signature);

    public void Dispose() => _key.Dispose();
}
