using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Database;

/// <summary>One OSV record read from a source, or the reason why the entry named <see cref="Entry"/> is not one.</summary>
internal sealed record OsvReadResult(string Entry, OsvRecord? Record, string? Problem);

/// <summary>
/// Reads OSV records from a folder of <c>*.json</c> (recursive), a JSON file holding one record or an array of them,
/// or a zip with one record per entry (OSV's per-ecosystem <c>all.zip</c>). Files are told apart by their first bytes,
/// not their names. Zips are read entry by entry from the file, never whole into memory; a malformed record
/// is reported and the rest continues.
/// </summary>
internal static class OsvRecordReader
{
    // A single OSV record is a few KB; Debian's largest are under 1 MB. Anything bigger is not a record.
    private const long MaxEntryBytes = 32L << 20;

    public static async IAsyncEnumerable<OsvReadResult> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                await foreach (var result in ReadFileAsync(file, Path.GetRelativePath(path, file), cancellationToken).ConfigureAwait(false))
                {
                    yield return result;
                }
            }
        }
        else if (File.Exists(path))
        {
            await foreach (var result in ReadFileAsync(path, Path.GetFileName(path), cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
        else
        {
            throw new ScException(DiagnosticIds.VulnerabilitySourceNotFound, path);
        }
    }

    /// <summary>A zip (by its local-file-header signature) or JSON.</summary>
    public static async IAsyncEnumerable<OsvReadResult> ReadFileAsync(string file, string displayName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await IsZipAsync(file, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var result in ReadZipAsync(file, displayName, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }

            yield break;
        }

        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, useAsync: true);
        await foreach (var result in ReadJsonAsync(stream, displayName, cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    public static OsvReadResult Parse(ReadOnlySpan<byte> json, string entry)
    {
        try
        {
            var record = JsonSerializer.Deserialize(json, OsvJsonContext.Default.OsvRecord);
            return Validate(record, entry);
        }
        catch (JsonException ex)
        {
            return new OsvReadResult(entry, null, ex.Message);
        }
    }

    private static OsvReadResult Validate(OsvRecord? record, string entry) => record switch
    {
        null => new OsvReadResult(entry, null, "the JSON is null"),
        { Id: var id } when string.IsNullOrWhiteSpace(id) => new OsvReadResult(entry, null, "the record has no id"),
        { Affected: { } affected } when affected.Any(a => a is null) => new OsvReadResult(entry, null, "an affected[] entry is null"),
        _ => new OsvReadResult(entry, record, null),
    };

    private static async Task<bool> IsZipAsync(string file, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == 4 && header is [(byte)'P', (byte)'K', 3, 4];
    }

    private static async IAsyncEnumerable<OsvReadResult> ReadZipAsync(string file, string displayName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var archive = await ZipFile.OpenReadAsync(file, cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        foreach (var entry in archive.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/') || !entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = $"{displayName}!{entry.FullName}";
            if (entry.Length > MaxEntryBytes)
            {
                yield return new OsvReadResult(name, null, $"the entry is {entry.Length} bytes, more than a record can be");
                continue;
            }

            buffer.SetLength(0);
            await using (var content = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            yield return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
        }
    }

    private static async IAsyncEnumerable<OsvReadResult> ReadJsonAsync(Stream stream, string displayName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = await FirstSignificantByteAsync(stream, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        if (first != (byte)'[')
        {
            if (stream.Length > MaxEntryBytes)
            {
                yield return new OsvReadResult(displayName, null, $"the file is {stream.Length} bytes and not an array, more than a record can be");
                yield break;
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            yield return Parse(bytes, displayName);
            yield break;
        }

        // An array is streamed element by element, so one bad element skips only itself.
        var index = 0;
        IAsyncEnumerator<JsonElement>? elements = null;
        string? arrayProblem = null;
        try
        {
            elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                JsonElement element;
                try
                {
                    if (!await elements.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    element = elements.Current;
                }
                catch (JsonException ex)
                {
                    arrayProblem = ex.Message;
                    break;
                }

                var name = $"{displayName}[{index++}]";
                OsvReadResult result;
                try
                {
                    result = Validate(element.Deserialize(OsvJsonContext.Default.OsvRecord), name);
                }
                catch (JsonException ex)
                {
                    result = new OsvReadResult(name, null, ex.Message);
                }

                yield return result;
            }
        }
        finally
        {
            if (elements is not null)
            {
                await elements.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (arrayProblem is not null)
        {
            yield return new OsvReadResult($"{displayName}[{index}…]", null, arrayProblem);
        }
    }

    private static async Task<int> FirstSignificantByteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                // Skip whitespace and a UTF-8 byte order mark.
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    return b;
                }
            }
        }

        return -1;
    }
}
