namespace SimpleContainer.Security.IO;

/// <summary>A read-only window [offset, offset+length) of a file stream, which it owns.</summary>
internal sealed class BoundedFileSegment : ReadOnlyStream
{
    private readonly FileStream _file;
    private readonly long _length;

    public BoundedFileSegment(FileStream file, long offset, long length)
    {
        _file = file;
        _length = length;
        _file.Seek(offset, SeekOrigin.Begin);
    }

    public override long Length => _length;

    public override int Read(Span<byte> buffer)
    {
        var allowed = (int)Math.Min(buffer.Length, _length - Position);
        return allowed <= 0 ? 0 : Advance(_file.Read(buffer[..allowed]));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = (int)Math.Min(buffer.Length, _length - Position);
        return allowed <= 0 ? 0 : Advance(await _file.ReadAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
