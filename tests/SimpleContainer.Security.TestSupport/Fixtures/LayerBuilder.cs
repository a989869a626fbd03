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
    private readonly List<TarEntry> _entries = [];

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
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
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
