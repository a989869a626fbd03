using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.IO;

/// <summary>
/// A read-only stream that hashes what passes through and, at the end, throws a coded digest mismatch unless the
/// content had the expected digest and size. Consumers must not act on the content before reaching the end.
/// </summary>
public sealed class DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string what) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(expected.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    private bool _verified;

    public override long Length => expectedSize ?? throw new NotSupportedException();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            Advance(data.Length);
            if (expectedSize is { } size && Position > size)
            {
                throw new ScException(DiagnosticIds.DigestMismatch, what, expected, $"more than the {size} bytes declared");
            }

            _hash.AppendData(data);
            return data.Length;
        }

        if (!_verified)
        {
            _verified = true;
            var actual = Digest.FromSha256Hash(_hash.GetHashAndReset());
            if (expected.Algorithm == "sha256" && actual != expected)
            {
                throw new ScException(DiagnosticIds.DigestMismatch, what, expected, actual);
            }

            if (expectedSize is { } size && Position != size)
            {
                throw new ScException(DiagnosticIds.DigestMismatch, what, expected, $"{Position} bytes instead of {size}");
            }
        }

        return 0;
    }
}
