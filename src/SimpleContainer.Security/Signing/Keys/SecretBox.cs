using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// NaCl's <c>crypto_secretbox</c> (XSalsa20-Poly1305) in the "combined" form golang.org/x/crypto/nacl/secretbox
/// writes and cosign stores: the 16-byte Poly1305 tag followed by the ciphertext. The primitives are BouncyCastle's
/// <see cref="XSalsa20Engine"/> and Poly1305; this class only puts them together as NaCl does.
/// </summary>
internal static class SecretBox
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    public const int Overhead = Poly1305.TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        CheckSizes(nonce, key);
        var box = new byte[Overhead + message.Length];
        Span<byte> macKey = stackalloc byte[Poly1305.KeySize];
        try
        {
            var cipher = Start(nonce, key, macKey);
            cipher.ProcessBytes(message, box.AsSpan(Overhead));
            Poly1305.ComputeTag(macKey, box.AsSpan(Overhead), box.AsSpan(0, Overhead));
            return box;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    /// <summary>Checks the tag and decrypts; throws <see cref="CryptographicException"/> when the tag does not match.</summary>
    public static byte[] Open(ReadOnlySpan<byte> box, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        CheckSizes(nonce, key);
        if (box.Length < Overhead)
        {
            throw new CryptographicException("The secret box is shorter than its authentication tag.");
        }

        Span<byte> macKey = stackalloc byte[Poly1305.KeySize];
        Span<byte> tag = stackalloc byte[Overhead];
        try
        {
            var cipher = Start(nonce, key, macKey);
            var ciphertext = box[Overhead..];
            Poly1305.ComputeTag(macKey, ciphertext, tag);
            if (!CryptographicOperations.FixedTimeEquals(tag, box[..Overhead]))
            {
                throw new CryptographicException("The secret box failed authentication: wrong key or altered content.");
            }

            var message = new byte[ciphertext.Length];
            cipher.ProcessBytes(ciphertext, message);
            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    private static void CheckSizes(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"The nonce must be {NonceSize} bytes.", nameof(nonce));
        }

        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The key must be {KeySize} bytes.", nameof(key));
        }
    }

    // NaCl: the first 32 bytes of the XSalsa20 key stream are the Poly1305 key; the message is encrypted from byte 32 on.
    private static XSalsa20Engine Start(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key, Span<byte> macKey)
    {
        var cipher = new XSalsa20Engine();
        cipher.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        macKey.Clear();
        cipher.ProcessBytes(macKey, macKey);
        return cipher;
    }
}
