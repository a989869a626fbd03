using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// The body of cosign's <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> PEM (go-securesystemslib's "encrypted" format):
/// <c>{"kdf":{"name":"scrypt","params":{"N":…,"r":8,"p":1},"salt":b64},"cipher":{"name":"nacl/secretbox","nonce":b64},"ciphertext":b64}</c>,
/// where the secretbox key is scrypt(password, salt, N, r, p, 32).
/// </summary>
internal static class CosignKeyEnvelope
{
    public const int SaltSize = 32;
    private const string KdfName = "scrypt";
    private const string CipherName = "nacl/secretbox";
    private const int R = 8;
    private const int P = 1;

    /// <summary>The scrypt work factors cosign's reader accepts (older cosign wrote 32768, cosign 2.x writes 65536).</summary>
    public static bool IsSupportedN(int n) => n is 32768 or 65536 or 131072;

    /// <summary>Encrypts <paramref name="plaintext"/> and returns the JSON, with cosign's field order and Go's base64.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<char> password, int n, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce)
    {
        if (!IsSupportedN(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "cosign reads scrypt N = 32768, 65536 or 131072 only.");
        }

        var key = DeriveKey(password, salt, n);
        byte[] box;
        try
        {
            box = SecretBox.Seal(plaintext, nonce, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("kdf");
            json.WriteString("name", KdfName);
            json.WriteStartObject("params");
            json.WriteNumber("N", n);
            json.WriteNumber("r", R);
            json.WriteNumber("p", P);
            json.WriteEndObject();
            json.WriteString("salt", Convert.ToBase64String(salt));
            json.WriteEndObject();
            json.WriteStartObject("cipher");
            json.WriteString("name", CipherName);
            json.WriteString("nonce", Convert.ToBase64String(nonce));
            json.WriteEndObject();
            json.WriteString("ciphertext", Convert.ToBase64String(box));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decrypts the envelope; the caller must zero the result. Throws SCSEC5003 for a wrong password.</summary>
    public static byte[] Decrypt(byte[] envelope, ReadOnlySpan<char> password, string source, string label)
    {
        int n;
        byte[] salt, nonce, box;
        try
        {
            using var document = JsonDocument.Parse(envelope);
            var root = document.RootElement;
            var kdf = Member(root, "kdf", JsonValueKind.Object);
            var cipher = Member(root, "cipher", JsonValueKind.Object);
            var kdfName = Member(kdf, "name", JsonValueKind.String).GetString();
            var parameters = Member(kdf, "params", JsonValueKind.Object);
            n = Member(parameters, "N", JsonValueKind.Number).GetInt32();
            var r = Member(parameters, "r", JsonValueKind.Number).GetInt32();
            var p = Member(parameters, "p", JsonValueKind.Number).GetInt32();
            if (kdfName != KdfName || !IsSupportedN(n) || r != R || p != P)
            {
                throw new ScException(DiagnosticIds.KeyEncryptionUnsupported, source, $"key derivation '{kdfName}' with N={n}, r={r}, p={p}");
            }

            var cipherName = Member(cipher, "name", JsonValueKind.String).GetString();
            if (cipherName != CipherName)
            {
                throw new ScException(DiagnosticIds.KeyEncryptionUnsupported, source, $"cipher '{cipherName}'");
            }

            salt = Member(kdf, "salt", JsonValueKind.String).GetBytesFromBase64();
            nonce = Member(cipher, "nonce", JsonValueKind.String).GetBytesFromBase64();
            box = Member(root, "ciphertext", JsonValueKind.String).GetBytesFromBase64();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, label, KeyErrorText.Reason(ex));
        }

        if (nonce.Length != SecretBox.NonceSize || box.Length < SecretBox.Overhead)
        {
            throw new ScException(DiagnosticIds.PrivateKeyInvalid, source, label, $"the nonce must be {SecretBox.NonceSize} bytes and the ciphertext at least {SecretBox.Overhead}");
        }

        var key = DeriveKey(password, salt, n);
        try
        {
            return SecretBox.Open(box, nonce, key);
        }
        catch (CryptographicException)
        {
            throw new ScException(DiagnosticIds.KeyPasswordIncorrect, source, "the nacl/secretbox authentication tag does not match the scrypt key derived from it");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] DeriveKey(ReadOnlySpan<char> password, ReadOnlySpan<byte> salt, int n)
    {
        // cosign takes the password's bytes as typed, i.e. UTF-8.
        var passwordBytes = new byte[Encoding.UTF8.GetByteCount(password)];
        try
        {
            Encoding.UTF8.GetBytes(password, passwordBytes);
            return Scrypt.DeriveKey(passwordBytes, salt, n, R, P, SecretBox.KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    // Go's encoding/json matches member names case-insensitively; so do we.
    private static JsonElement Member(JsonElement parent, string name, JsonValueKind kind)
    {
        if (parent.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in parent.EnumerateObject())
            {
                if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase) && member.Value.ValueKind == kind)
                {
                    return member.Value;
                }
            }
        }

        throw new JsonException($"'{name}' is missing or is not a JSON {kind.ToString().ToLowerInvariant()}");
    }
}
