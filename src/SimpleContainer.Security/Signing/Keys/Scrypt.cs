using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>The scrypt key derivation function (RFC 7914), as cosign uses it to encrypt private keys.</summary>
internal static class Scrypt
{
    /// <summary>The most memory one derivation may take for its N-block table (and, separately, for its p blocks).</summary>
    public const long MaxMemoryBytes = 256L * 1024 * 1024;

    private const int WordsPerSalsaBlock = 16;

    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
    {
        Validate(n, r, p, length);
        var blockWords = 32 * r;
        var blockBytes = 128 * r;

        var b = new byte[p * blockBytes];
        var words = new uint[p * blockWords];
        var table = GC.AllocateUninitializedArray<uint>(n * blockWords);
        var scratch = new uint[2 * blockWords];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, b, 1, HashAlgorithmName.SHA256);
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4 * i));
            }

            for (var i = 0; i < p; i++)
            {
                RoMix(words.AsSpan(i * blockWords, blockWords), n, r, table, scratch);
            }

            for (var i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4 * i), words[i]);
            }

            var key = new byte[length];
            Rfc2898DeriveBytes.Pbkdf2(password, b, key, 1, HashAlgorithmName.SHA256);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(words.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(table.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(scratch.AsSpan()));
        }
    }

    /// <summary>Throws unless the parameters are valid for RFC 7914 and within <see cref="MaxMemoryBytes"/>.</summary>
    public static void Validate(int n, int r, int p, int length)
    {
        if (n <= 1 || (n & (n - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "scrypt's N must be a power of two greater than 1.");
        }

        if (r < 1 || p < 1 || (long)r * p >= 1L << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, "scrypt needs r >= 1, p >= 1 and r * p < 2^30.");
        }

        // RFC 7914: N must be less than 2^(128 * r / 8); this only bites for r = 1 (N < 65536).
        if (16L * r < 31 && n >= 1 << (16 * r))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "scrypt's N must be less than 2^(16 r).");
        }

        if (128L * r * n > MaxMemoryBytes || 128L * r * p > MaxMemoryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"scrypt with N={n}, r={r}, p={p} needs more than {MaxMemoryBytes / (1024 * 1024)} MiB.");
        }

        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The derived key length must be positive.");
        }
    }

    // ROMix (RFC 7914 section 5) on one 128r-byte block held as 32r little-endian words.
    private static void RoMix(Span<uint> block, int n, int r, uint[] table, uint[] scratch)
    {
        var blockWords = block.Length;
        var x = scratch.AsSpan(0, blockWords);
        var y = scratch.AsSpan(blockWords, blockWords);
        Span<uint> salsa = stackalloc uint[WordsPerSalsaBlock];
        block.CopyTo(x);

        for (var i = 0; i < n; i++)
        {
            x.CopyTo(table.AsSpan(i * blockWords, blockWords));
            BlockMix(x, y, r, salsa);
            Swap(ref x, ref y);
        }

        var last = (2 * r - 1) * WordsPerSalsaBlock;
        for (var i = 0; i < n; i++)
        {
            // Integerify: the first word of the last 64-byte sub-block; N <= 2^30, so the low word suffices.
            var j = (int)(x[last] & (uint)(n - 1));
            Xor(x, table.AsSpan(j * blockWords, blockWords));
            BlockMix(x, y, r, salsa);
            Swap(ref x, ref y);
        }

        x.CopyTo(block);
        salsa.Clear();
    }

    // BlockMix (RFC 7914 section 4) with Salsa20/8: even sub-blocks go to the first half, odd ones to the second.
    private static void BlockMix(ReadOnlySpan<uint> input, Span<uint> output, int r, Span<uint> salsa)
    {
        input.Slice((2 * r - 1) * WordsPerSalsaBlock, WordsPerSalsaBlock).CopyTo(salsa);
        for (var i = 0; i < 2 * r; i++)
        {
            Xor(salsa, input.Slice(i * WordsPerSalsaBlock, WordsPerSalsaBlock));
            Salsa20Core.Permute(salsa, salsa, 8, addInput: true);
            var target = (i / 2 + (i % 2) * r) * WordsPerSalsaBlock;
            salsa.CopyTo(output.Slice(target, WordsPerSalsaBlock));
        }
    }

    private static void Xor(Span<uint> target, ReadOnlySpan<uint> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }

    private static void Swap(ref Span<uint> a, ref Span<uint> b)
    {
        var t = a;
        a = b;
        b = t;
    }
}
