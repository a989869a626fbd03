using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>
/// An rpm header as the rpmdb stores it (rpm's <c>headerExport</c> form, without the 8-byte magic of a package file):
/// big-endian index entry count and data length, that many 16-byte index entries (tag, type, offset, count), then the
/// data store. Every entry is checked against the data store when the header is read, so the accessors never leave it.
/// The input is untrusted: a problem is reported as text, never thrown.
/// </summary>
internal sealed class RpmHeader
{
    /// <summary>rpm's own limits (<c>hdrblobInit</c>): at most 0xffff entries and 256 MiB of data.</summary>
    private const int MaxEntries = 0xffff;
    private const int MaxDataLength = 0x0fffffff;
    private const int EntrySize = 16;
    private const int MaxType = 9;

    private readonly byte[] _data;
    private readonly Dictionary<int, (int Type, int Offset, int Count)> _entries;

    private RpmHeader(byte[] data, Dictionary<int, (int Type, int Offset, int Count)> entries)
    {
        _data = data;
        _entries = entries;
    }

    /// <summary>Reads a header blob; null with <paramref name="problem"/> set when it is malformed.</summary>
    public static RpmHeader? Parse(ReadOnlySpan<byte> blob, out string? problem)
    {
        problem = null;
        if (blob.Length < 8)
        {
            problem = $"the header is {blob.Length} bytes, shorter than its 8-byte preamble";
            return null;
        }

        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (indexCount is < 1 or > MaxEntries || dataLength is < 0 or > MaxDataLength)
        {
            problem = $"the header declares {indexCount} index entries and {dataLength} data bytes, outside rpm's limits (1-{MaxEntries} entries, at most {MaxDataLength} bytes)";
            return null;
        }

        var expected = 8L + ((long)indexCount * EntrySize) + dataLength;
        if (blob.Length != expected)
        {
            problem = $"the header is {blob.Length} bytes but its {indexCount} index entries and {dataLength} data bytes need {expected}";
            return null;
        }

        var index = blob.Slice(8, indexCount * EntrySize);
        var data = blob[(8 + (indexCount * EntrySize))..].ToArray();
        var entries = new Dictionary<int, (int, int, int)>();
        for (var i = 0; i < indexCount; i++)
        {
            var entry = index.Slice(i * EntrySize, EntrySize);
            var tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            var type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            if (CheckEntry(type, offset, count, data) is { } entryProblem)
            {
                problem = $"index entry {i} (tag {tag}) {entryProblem}";
                return null;
            }

            entries.TryAdd(tag, (type, offset, count));
        }

        return new RpmHeader(data, entries);
    }

    public bool Has(int tag) => _entries.ContainsKey(tag);

    /// <summary>The first string of a STRING, STRING_ARRAY or I18NSTRING tag; null when absent or of another type.</summary>
    public string? GetString(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || entry.Type is not (RpmTagType.String or RpmTagType.StringArray or RpmTagType.I18NString))
        {
            return null;
        }

        var span = _data.AsSpan(entry.Offset);
        return Encoding.UTF8.GetString(span[..span.IndexOf((byte)0)]);
    }

    /// <summary>The first number of an INT8/16/32/64 tag; null when absent or of another type.</summary>
    public long? GetNumber(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry))
        {
            return null;
        }

        var span = _data.AsSpan(entry.Offset);
        return entry.Type switch
        {
            RpmTagType.Char or RpmTagType.Int8 => span[0],
            RpmTagType.Int16 => BinaryPrimitives.ReadUInt16BigEndian(span),
            RpmTagType.Int32 => BinaryPrimitives.ReadUInt32BigEndian(span),
            RpmTagType.Int64 => BinaryPrimitives.ReadInt64BigEndian(span),
            _ => null,
        };
    }

    /// <summary>A number tag as invariant text, for properties.</summary>
    public string? GetNumberText(int tag) => GetNumber(tag)?.ToString(CultureInfo.InvariantCulture);

    private static string? CheckEntry(int type, int offset, int count, ReadOnlySpan<byte> data)
    {
        if (type is < 0 or > MaxType)
        {
            return $"has type {type}, not an rpm tag type (0-{MaxType})";
        }

        if (count < 1 || count > data.Length + 1)
        {
            return $"has count {count}, outside 1-{data.Length + 1}";
        }

        if (offset < 0 || offset >= data.Length)
        {
            return $"points at offset {offset}, outside the {data.Length}-byte data store";
        }

        var width = type switch
        {
            RpmTagType.Null => 0,
            RpmTagType.Char or RpmTagType.Int8 or RpmTagType.Bin => 1,
            RpmTagType.Int16 => 2,
            RpmTagType.Int32 => 4,
            RpmTagType.Int64 => 8,
            _ => -1,
        };
        if (width >= 0)
        {
            return offset + ((long)width * count) > data.Length
                ? $"needs {(long)width * count} bytes at offset {offset}, past the end of the {data.Length}-byte data store"
                : null;
        }

        // STRING holds one NUL-terminated string; the array types hold count of them.
        var strings = type == RpmTagType.String ? 1 : count;
        var position = offset;
        for (var s = 0; s < strings; s++)
        {
            var end = position < data.Length ? data[position..].IndexOf((byte)0) : -1;
            if (end < 0)
            {
                return $"has string {s + 1} of {strings} at offset {offset} without a NUL terminator inside the data store";
            }

            position += end + 1;
        }

        return null;
    }
}
