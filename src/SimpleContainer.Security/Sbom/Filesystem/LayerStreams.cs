using System.IO.Compression;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>Turns a layer blob into its tar stream: detects the compression by media type and magic bytes.</summary>
internal static class LayerStreams
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];
    private static readonly byte[] XzMagic = [0xfd, 0x37, 0x7a, 0x58, 0x5a];
    private static readonly byte[] Bzip2Magic = [0x42, 0x5a, 0x68];

    /// <summary>Peeks at <paramref name="blob"/> and returns the stream of tar bytes (the blob itself or a decompressor over it).</summary>
    public static async Task<Stream> OpenTarAsync(Descriptor layer, Stream blob, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        var count = await blob.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var peeked = new PrefixedStream(head.AsMemory(0, count), blob);
        var magic = head.AsSpan(0, count);
        var unsupported = layer.MediaType.Contains("zstd", StringComparison.OrdinalIgnoreCase) || magic.StartsWith(ZstdMagic) ? "zstd"
            : magic.StartsWith(XzMagic) ? "xz"
            : magic.StartsWith(Bzip2Magic) && !layer.MediaType.EndsWith("tar", StringComparison.Ordinal) ? "bzip2"
            : layer.MediaType.EndsWith("+encrypted", StringComparison.Ordinal) ? "encryption"
            : null;
        if (unsupported is not null)
        {
            throw new ScException(DiagnosticIds.LayerCompressionNotSupported, layer.Digest, layer.MediaType, unsupported);
        }

        return magic.StartsWith(GzipMagic) ? new GZipStream(peeked, CompressionMode.Decompress, leaveOpen: true) : peeked;
    }

    /// <summary>Serves a few already-read bytes, then the rest of the inner stream (which it does not own).</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override long Length => throw new NotSupportedException();

        public override int Read(Span<byte> buffer)
        {
            if (TakePrefix(buffer) is var taken and > 0)
            {
                return Advance(taken);
            }

            return Advance(inner.Read(buffer));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (TakePrefix(buffer.Span) is var taken and > 0)
            {
                return Advance(taken);
            }

            return Advance(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }

        private int TakePrefix(Span<byte> buffer)
        {
            var taken = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..taken].CopyTo(buffer);
            _prefix = _prefix[taken..];
            return taken;
        }
    }
}

/// <summary>Counts the tar bytes read from a layer and stops at the limit (a decompression-bomb guard).</summary>
internal sealed class ExpansionLimitStream(Stream inner, long limit, Digest layer) : ReadOnlyStream
{
    public override long Length => throw new NotSupportedException();

    public override int Read(Span<byte> buffer) => Account(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Account(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Account(int read)
    {
        Advance(read);
        return Position > limit ? throw new ScException(DiagnosticIds.LayerExpansionLimitExceeded, layer, limit) : read;
    }
}
