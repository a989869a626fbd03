using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.IO;

/// <summary>
/// A read-only stream that hashes what passes through and, at the end, throws a coded digest mismatch unless the
/// content had the expected digest and size. Consumers must not act on the content before reaching the end. The hash is
/// the expected digest's own algorithm (sha256 or sha512); another algorithm is refused when the stream is made.
/// </summary>
public sealed class DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string what) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(expected.HashAlgorithm);
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
            var actual = expected.WithHash(_hash.GetHashAndReset());
            if (actual != expected)
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
