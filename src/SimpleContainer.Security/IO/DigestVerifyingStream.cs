using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.IO;

/// <summary>
/// A read-only stream that hashes what passes through and, at the end, throws a coded digest mismatch unless the
/// content had the expected digest and size. Consumers must not act on the content before reaching the end.
/// </summary>
public sealed class DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string what) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(expected.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    private long _position;
    private bool _verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => expectedSize ?? throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
            _position += data.Length;
            if (expectedSize is { } size && _position > size)
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

            if (expectedSize is { } size && _position != size)
            {
                throw new ScException(DiagnosticIds.DigestMismatch, what, expected, $"{_position} bytes instead of {size}");
            }
        }

        return 0;
    }
}
