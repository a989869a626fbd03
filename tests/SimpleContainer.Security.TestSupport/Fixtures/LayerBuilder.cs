using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.TestSupport.Fixtures;

/// <summary>A built layer: the blob as pushed, and the digest of its uncompressed tar (the config's diff_id).</summary>
public sealed record Layer(byte[] Blob, Digest DiffId, string MediaType)
{
    public Descriptor Descriptor => Descriptor.For(MediaType, Blob);
}

/// <summary>Builds deterministic layer tars (ustar, root:root, mtime 0), optionally gzip-compressed.</summary>
public sealed class LayerBuilder
{
    private readonly List<object> _entries = [];

    public LayerBuilder Directory(string path, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        _entries.Add(Entry(new UstarTarEntry(TarEntryType.Directory, path.TrimEnd('/') + "/"), mode));
        return this;
    }

    public LayerBuilder File(string path, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        File(path, Encoding.UTF8.GetBytes(content), mode);

    public LayerBuilder File(string path, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var entry = Entry(new UstarTarEntry(TarEntryType.RegularFile, path), mode);
        entry.DataStream = new MemoryStream(content, writable: false);
        _entries.Add(entry);
        return this;
    }

    public LayerBuilder Symlink(string path, string target)
    {
        var entry = Entry(new UstarTarEntry(TarEntryType.SymbolicLink, path), (UnixFileMode)0b111_111_111);
        entry.LinkName = target;
        _entries.Add(entry);
        return this;
    }

    /// <summary>A hard link: <paramref name="target"/> is an archive path, as tar writes it.</summary>
    public LayerBuilder HardLink(string path, string target)
    {
        var entry = Entry(new UstarTarEntry(TarEntryType.HardLink, path), (UnixFileMode)0b110_100_100);
        entry.LinkName = target;
        _entries.Add(entry);
        return this;
    }

    /// <summary>A regular file written as a PAX entry with extended attributes (for example <c>GNU.sparse.name</c>).</summary>
    public LayerBuilder PaxFile(string path, byte[] content, IReadOnlyDictionary<string, string> attributes)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path, attributes)
        {
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = DateTimeOffset.UnixEpoch,
            DataStream = new MemoryStream(content, writable: false),
        };
        _entries.Add(entry);
        return this;
    }

    /// <summary>Any entry as given (FIFOs, devices, GNU entries).</summary>
    public LayerBuilder Add(TarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    /// <summary>
    /// A header-only ustar entry with any type flag (<c>'S'</c>, <c>'7'</c>, <c>'Z'</c>), written byte by byte because
    /// TarWriter refuses the flags a hostile layer would use.
    /// </summary>
    public LayerBuilder RawHeader(string path, char typeFlag) => Raw(path, typeFlag, []);

    /// <summary>
    /// A regular file preceded by a PAX extended header with exactly <paramref name="records"/>, written byte by byte
    /// (TarWriter replaces a <c>path</c> record by the entry's name).
    /// </summary>
    public LayerBuilder RawPaxFile(string headerName, IReadOnlyDictionary<string, string> records, byte[] content)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var body = $" {key}={value}\n";
            var length = body.Length + 1;
            while ((length.ToString(System.Globalization.CultureInfo.InvariantCulture) + body).Length != length)
            {
                length++;
            }

            text.Append(length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(body);
        }

        Raw("PaxHeaders/" + headerName, 'x', Encoding.UTF8.GetBytes(text.ToString()));
        return Raw(headerName, '0', content);
    }

    private LayerBuilder Raw(string path, char typeFlag, byte[] data)
    {
        var header = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        Put(0, path);
        Put(100, "0000644\0");
        Put(108, "0000000\0");
        Put(116, "0000000\0");
        Put(124, Convert.ToString(data.Length, 8).PadLeft(11, '0') + "\0");
        Put(136, "00000000000\0");
        header[156] = (byte)typeFlag;
        Put(257, "ustar\0");
        Put(263, "00");
        "        "u8.CopyTo(header.AsSpan(148));
        var sum = header.Sum(b => (int)b);
        Put(148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        var padded = new byte[512 + ((data.Length + 511) / 512 * 512)];
        header.CopyTo(padded, 0);
        data.CopyTo(padded, 512);
        _entries.Add(padded);
        return this;
    }

    /// <summary>Deletes <paramref name="path"/> of a lower layer (<c>.wh.&lt;name&gt;</c>).</summary>
    public LayerBuilder Whiteout(string path)
    {
        var directory = Path.GetDirectoryName(path)?.Replace('\\', '/');
        var name = Path.GetFileName(path);
        return File(string.IsNullOrEmpty(directory) ? ".wh." + name : $"{directory}/.wh.{name}", []);
    }

    /// <summary>Hides everything lower layers put in <paramref name="directory"/> (<c>.wh..wh..opq</c>).</summary>
    public LayerBuilder OpaqueDirectory(string directory) => File(directory.TrimEnd('/') + "/.wh..wh..opq", []);

    public Layer Build(bool gzip = true)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var item in _entries)
            {
                if (item is byte[] raw)
                {
                    tar.Write(raw);
                    continue;
                }

                var entry = (TarEntry)item;
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        if (_entries.All(e => e is byte[]))
        {
            // TarWriter writes the two closing zero blocks only after an entry of its own.
            tar.Write(new byte[1024]);
        }

        var tarBytes = tar.ToArray();
        var diffId = Digest.Sha256(tarBytes);
        if (!gzip)
        {
            return new Layer(tarBytes, diffId, MediaTypes.OciLayerTar);
        }

        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(tarBytes);
        }

        return new Layer(compressed.ToArray(), diffId, MediaTypes.OciLayerTarGzip);
    }

    private static UstarTarEntry Entry(UstarTarEntry entry, UnixFileMode mode)
    {
        entry.Mode = mode;
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "root";
        entry.GroupName = "root";
        return entry;
    }
}
