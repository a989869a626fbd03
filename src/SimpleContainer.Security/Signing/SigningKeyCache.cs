using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Decrypted key-file signers that outlive one <see cref="BuildSigner"/>: the MSBuild task keeps one for the whole
/// MSBuild build (<c>IBuildEngine4.RegisterTaskObject</c>, disposed when the build ends), so the publishes of one
/// <c>sc release create</c> that share a node decrypt a key (scrypt N=65536, about 0.4 s of CPU) once instead of once
/// per image. An entry is found by a SHA-256 of the key's bytes and the password: another key, a changed key file or
/// another password is decrypted anew, and a key that fails to load is not kept. Thread-safe; disposing it disposes
/// its signers.
/// </summary>
public sealed class SigningKeyCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyFileSigner> _signers = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>How many keys this cache holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _signers.Count;
            }
        }
    }

    /// <summary>The signer of these key bytes and password; <paramref name="load"/> decrypts it when none is kept yet.</summary>
    internal KeyFileSigner GetOrLoad(ReadOnlySpan<byte> key, string? password, Func<KeyFileSigner> load)
    {
        var id = Fingerprint(key, password);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_signers.TryGetValue(id, out var signer))
            {
                // Loaded under the lock: parallel stages asking for the same key wait for one scrypt, not run two.
                signer = load();
                _signers[id] = signer;
            }

            return signer;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var signer in _signers.Values)
            {
                signer.Dispose();
            }

            _signers.Clear();
            _disposed = true;
        }
    }

    private static string Fingerprint(ReadOnlySpan<byte> key, string? password)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(length, key.Length);
        hash.AppendData(length);
        hash.AppendData(key);
        var passwordBytes = Encoding.UTF8.GetBytes(password ?? string.Empty);
        try
        {
            hash.AppendData(passwordBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
