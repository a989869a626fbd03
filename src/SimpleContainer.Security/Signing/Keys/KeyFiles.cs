using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// Reads and writes key files the way cosign does. Private keys: cosign's <c>ENCRYPTED SIGSTORE PRIVATE KEY</c>
/// (and the older <c>ENCRYPTED COSIGN PRIVATE KEY</c>), PKCS#8 <c>PRIVATE KEY</c> and <c>ENCRYPTED PRIVATE KEY</c>,
/// <c>EC PRIVATE KEY</c> and <c>RSA PRIVATE KEY</c>. Public keys: <c>PUBLIC KEY</c> (SubjectPublicKeyInfo).
/// </summary>
public static class KeyFiles
{
    public const string SigstorePrivateKeyLabel = "ENCRYPTED SIGSTORE PRIVATE KEY";
    public const string CosignPrivateKeyLabel = "ENCRYPTED COSIGN PRIVATE KEY";
    public const string PublicKeyLabel = "PUBLIC KEY";

    /// <summary>The scrypt work factor cosign 2.x writes.</summary>
    public const int DefaultScryptN = 65536;

    /// <summary>Key files are small; anything larger is refused before it is read.</summary>
    public const int MaxKeyFileBytes = 64 * 1024;

    private const string TextSource = "(PEM text)";

    /// <summary>
    /// Reads the first private key block of <paramref name="pem"/>. <paramref name="password"/> is used only for
    /// encrypted keys. Throws SCSEC5002–SCSEC5006; a wrong password is SCSEC5003.
    /// </summary>
    /// <param name="source">How diagnostics name the key, for example its path.</param>
    public static SigningKey ReadPrivateKey(ReadOnlySpan<char> pem, ReadOnlySpan<char> password, string? source = null) =>
        PrivateKeyReader.Read(pem, password, source ?? TextSource);

    /// <summary>Reads a private key file; SCSEC5001 when the file cannot be read.</summary>
    public static SigningKey LoadPrivateKey(string path, ReadOnlySpan<char> password)
    {
        var bytes = ReadKeyFile(path);
        var text = Encoding.UTF8.GetChars(bytes);
        try
        {
            return PrivateKeyReader.Read(text, password, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(text);
        }
    }

    /// <summary>Reads the first <c>PUBLIC KEY</c> block of <paramref name="pem"/>. Throws SCSEC5002, SCSEC5006 or SCSEC5007.</summary>
    public static VerificationKey ReadPublicKey(ReadOnlySpan<char> pem, string? source = null)
    {
        source ??= TextSource;
        var block = PemBlocks.Find(pem, [PublicKeyLabel], out var others)
            ?? throw new ScException(DiagnosticIds.KeyPemNotFound, source, PublicKeyLabel, others.Count == 0 ? "no PEM block" : string.Join(", ", others));
        return VerificationKey.FromSubjectPublicKeyInfo(block.Data, source);
    }

    /// <summary>Reads a public key file; SCSEC5001 when the file cannot be read.</summary>
    public static VerificationKey LoadPublicKey(string path) => ReadPublicKey(Encoding.UTF8.GetString(ReadKeyFile(path)), path);

    /// <summary>
    /// A new ECDSA P-256 key pair exactly as cosign 2.x generate-key-pair writes it: a random 32-byte salt and
    /// 24-byte nonce, scrypt with <paramref name="scryptN"/> (32768, 65536 or 131072), r=8, p=1.
    /// </summary>
    public static CosignKeyPair GenerateCosignKeyPair(ReadOnlySpan<char> password, int scryptN = DefaultScryptN)
    {
        using var key = SigningKey.GenerateEcdsaP256();
        return new CosignKeyPair(EncryptCosignPrivateKey(key, password, scryptN), key.PublicKey.ToPem());
    }

    /// <summary>
    /// <paramref name="key"/> as an <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> PEM, as cosign writes it (and as
    /// cosign import-key-pair converts PEM keys).
    /// </summary>
    public static string EncryptCosignPrivateKey(SigningKey key, ReadOnlySpan<char> password, int scryptN = DefaultScryptN)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> salt = stackalloc byte[CosignKeyEnvelope.SaltSize];
        Span<byte> nonce = stackalloc byte[SecretBox.NonceSize];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(nonce);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return EncryptCosignPrivateKey(pkcs8, password, scryptN, salt, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The deterministic core of <see cref="EncryptCosignPrivateKey(SigningKey, ReadOnlySpan{char}, int)"/>, for tests.</summary>
    internal static string EncryptCosignPrivateKey(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<char> password, int scryptN, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce) =>
        PemEncoding.WriteString(SigstorePrivateKeyLabel, CosignKeyEnvelope.Encrypt(pkcs8, password, scryptN, salt, nonce)) + "\n";

    /// <summary>The bytes of a key file (at most <see cref="MaxKeyFileBytes"/>); SCSEC5001 when it cannot be read.</summary>
    internal static byte[] ReadKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxKeyFileBytes)
            {
                throw new ScException(DiagnosticIds.KeyFileUnreadable, path, $"it is {stream.Length} bytes, more than the {MaxKeyFileBytes}-byte limit");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.KeyFileUnreadable, path, KeyErrorText.Reason(ex));
        }
    }
}
