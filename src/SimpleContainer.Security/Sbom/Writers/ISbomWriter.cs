using System.Buffers;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Writers;

/// <summary>Writes an SBOM in one format. The same document always gives the same bytes.</summary>
public interface ISbomWriter
{
    /// <summary>The media type of what is written, for example <c>application/vnd.cyclonedx+json</c>.</summary>
    string MediaType { get; }

    void Write(SbomDocument document, IBufferWriter<byte> output);
}

public static class SbomWriterExtensions
{
    public static byte[] ToBytes(this ISbomWriter writer, SbomDocument document)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = new ArrayBufferWriter<byte>();
        writer.Write(document, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static async Task WriteAsync(this ISbomWriter writer, SbomDocument document, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new ArrayBufferWriter<byte>();
        writer.Write(document, buffer);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
