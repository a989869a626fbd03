using System.Security.Cryptography;
using BcScrypt = Org.BouncyCastle.Crypto.Generators.SCrypt;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// The scrypt key derivation function (RFC 7914), as cosign uses it to encrypt private keys: BouncyCastle's, behind
/// a memory cap, since the parameters come from the key file and so from whoever wrote it.
/// </summary>
internal static class Scrypt
{
    /// <summary>The most memory one derivation may take for its N-block table (and, separately, for its p blocks).</summary>
    public const long MaxMemoryBytes = 256L * 1024 * 1024;

    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
    {
        Validate(n, r, p, length);
        var passwordCopy = password.ToArray();
        try
        {
            return BcScrypt.Generate(passwordCopy, salt.ToArray(), n, r, p, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordCopy);
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
}
