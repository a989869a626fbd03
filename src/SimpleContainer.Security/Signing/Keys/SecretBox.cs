using System.Security.Cryptography;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// NaCl's <c>crypto_secretbox</c> (XSalsa20-Poly1305) in the "combined" form golang.org/x/crypto/nacl/secretbox
/// writes and cosign stores: the 16-byte Poly1305 tag followed by the ciphertext.
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
        Span<byte> subKey = stackalloc byte[KeySize];
        Span<byte> firstBlock = stackalloc byte[XSalsa20.BlockSize];
        try
        {
            FirstBlock(nonce, key, subKey, firstBlock);
            Crypt(message, box.AsSpan(Overhead), nonce, subKey, firstBlock);
            Poly1305.ComputeTag(firstBlock[..Poly1305.KeySize], box.AsSpan(Overhead), box.AsSpan(0, Overhead));
            return box;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subKey);
            CryptographicOperations.ZeroMemory(firstBlock);
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

        Span<byte> subKey = stackalloc byte[KeySize];
        Span<byte> firstBlock = stackalloc byte[XSalsa20.BlockSize];
        Span<byte> tag = stackalloc byte[Overhead];
        try
        {
            FirstBlock(nonce, key, subKey, firstBlock);
            var ciphertext = box[Overhead..];
            Poly1305.ComputeTag(firstBlock[..Poly1305.KeySize], ciphertext, tag);
            if (!CryptographicOperations.FixedTimeEquals(tag, box[..Overhead]))
            {
                throw new CryptographicException("The secret box failed authentication: wrong key or altered content.");
            }

            var message = new byte[ciphertext.Length];
            Crypt(ciphertext, message, nonce, subKey, firstBlock);
            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subKey);
            CryptographicOperations.ZeroMemory(firstBlock);
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

    // Key-stream block 0: its first 32 bytes are the Poly1305 key, its last 32 encrypt the first 32 message bytes.
    private static void FirstBlock(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key, Span<byte> subKey, Span<byte> firstBlock)
    {
        XSalsa20.DeriveSubKey(key, nonce[..16], subKey);
        firstBlock.Clear();
        XSalsa20.XorKeyStream(subKey, nonce[16..], 0, firstBlock, firstBlock);
    }

    private static void Crypt(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> subKey, ReadOnlySpan<byte> firstBlock)
    {
        var head = Math.Min(input.Length, XSalsa20.BlockSize - Poly1305.KeySize);
        for (var i = 0; i < head; i++)
        {
            output[i] = (byte)(input[i] ^ firstBlock[Poly1305.KeySize + i]);
        }

        XSalsa20.XorKeyStream(subKey, nonce[16..], 1, input[head..], output[head..]);
    }
}
