using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Oci.Layout;

/// <summary>
/// An OCI image layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>), read from a folder or
/// from the tar the SDK writes in archive mode (uncompressed whatever its name says; a gzip tar is also accepted).
/// Nothing is extracted; every blob read is verified against its digest.
/// </summary>
public sealed class OciImageLayout : IDisposable
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string ContainerdImageNameAnnotation = "io.containerd.image.name";
    private const long MaxIndexBytes = 4 * 1024 * 1024;

    private readonly ILayoutSource _source;

    private OciImageLayout(string path, ILayoutSource source, ImageIndex index)
    {
        Path = path;
        _source = source;
        Index = index;
    }

    public string Path { get; }

    /// <summary>The layout's <c>index.json</c>.</summary>
    public ImageIndex Index { get; }

    public static async Task<OciImageLayout> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ILayoutSource source = Directory.Exists(path)
            ? new DirectorySource(path)
            : File.Exists(path)
                ? await TarSource.OpenAsync(path, cancellationToken).ConfigureAwait(false)
                : throw new ScException(DiagnosticIds.InvalidOciLayout, path, "it does not exist");
        try
        {
            if (!source.Exists("oci-layout"))
            {
                throw new ScException(DiagnosticIds.InvalidOciLayout, path, "the 'oci-layout' file is missing");
            }

            var indexBytes = await source.ReadAllAsync("index.json", MaxIndexBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new ScException(DiagnosticIds.InvalidOciLayout, path, "'index.json' is missing");
            var index = OciJson.Deserialize<ImageIndex>(indexBytes, $"{path} index.json", MediaTypes.OciIndex);
            return new OciImageLayout(path, source, index);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The reference name of an index entry (<c>org.opencontainers.image.ref.name</c>), if any.</summary>
    public static string? RefName(Descriptor descriptor) =>
        descriptor.Annotations?.GetValueOrDefault(RefNameAnnotation) ?? descriptor.Annotations?.GetValueOrDefault(ContainerdImageNameAnnotation);

    /// <summary>Reads a manifest or index the layout holds, verified.</summary>
    public async Task<ManifestContent> ReadManifestAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        if (descriptor.Size > MaxIndexBytes)
        {
            throw new ScException(DiagnosticIds.ContentTooLarge, $"manifest {descriptor.Digest}", descriptor.Size, MaxIndexBytes);
        }

        var bytes = await ReadBlobAsync(descriptor.Digest, MaxIndexBytes, cancellationToken).ConfigureAwait(false);
        return new ManifestContent(bytes, descriptor.MediaType, descriptor.Digest);
    }

    /// <summary>Reads a blob into memory, verified, refusing more than <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> ReadBlobAsync(Digest digest, long maxBytes, CancellationToken cancellationToken = default)
    {
        var bytes = await _source.ReadAllAsync(BlobPath(digest), maxBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new ScException(DiagnosticIds.BlobNotFound, digest, Path);
        digest.Verify(bytes, $"blob {digest} in {Path}");
        return bytes;
    }

    /// <summary>Opens a blob as a stream that verifies its digest at the end.</summary>
    public Stream OpenBlob(Digest digest, long? size = null) =>
        new DigestVerifyingStream(_source.Open(BlobPath(digest)) ?? throw new ScException(DiagnosticIds.BlobNotFound, digest, Path), digest, size, $"blob {digest} in {Path}");

    public bool HasBlob(Digest digest) => _source.Exists(BlobPath(digest));

    public void Dispose() => _source.Dispose();

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    private interface ILayoutSource : IDisposable
    {
        bool Exists(string name);

        Stream? Open(string name);

        Task<byte[]?> ReadAllAsync(string name, long maxBytes, CancellationToken cancellationToken);
    }

    private abstract class LayoutSourceBase : ILayoutSource
    {
        public abstract bool Exists(string name);

        public abstract Stream? Open(string name);

        public async Task<byte[]?> ReadAllAsync(string name, long maxBytes, CancellationToken cancellationToken)
        {
            await using var stream = Open(name);
            if (stream is null)
            {
                return null;
            }

            if (stream.Length > maxBytes)
            {
                throw new ScException(DiagnosticIds.ContentTooLarge, name, stream.Length, maxBytes);
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }

        public void Dispose() => Release();

        protected virtual void Release()
        {
        }
    }

    private sealed class DirectorySource(string root) : LayoutSourceBase
    {
        private readonly string _root = System.IO.Path.GetFullPath(root);

        public override bool Exists(string name) => File.Exists(Resolve(name));

        public override Stream? Open(string name)
        {
            var path = Resolve(name);
            return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        }

        private string Resolve(string name)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(_root, name));
            return full.StartsWith(_root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : throw new ScException(DiagnosticIds.InvalidOciLayout, _root, $"'{name}' escapes the layout");
        }
    }

    /// <summary>Indexes a tar once (name → offset, length) and serves entries by seeking; a gzip tar is inflated to a temp file first.</summary>
    private sealed class TarSource : LayoutSourceBase
    {
        private readonly string _path;
        private readonly string? _temporary;
        private readonly Dictionary<string, (long Offset, long Length)> _entries;

        private TarSource(string path, string? temporary, Dictionary<string, (long Offset, long Length)> entries)
        {
            _path = path;
            _temporary = temporary;
            _entries = entries;
        }

        public static async Task<TarSource> OpenAsync(string archive, CancellationToken cancellationToken)
        {
            string? temporary = null;
            var path = archive;
            if (await IsGzipAsync(archive, cancellationToken).ConfigureAwait(false))
            {
                temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sc-layout-{Guid.NewGuid():N}.tar");
                await using (var input = File.OpenRead(archive))
                await using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                await using (var output = File.Create(temporary))
                {
                    await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }

                path = temporary;
            }

            try
            {
                var entries = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
                await using var stream = File.OpenRead(path);
                await using var reader = new TarReader(stream);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && Normalize(entry.Name) is { } name)
                    {
                        entries[name] = (entry.DataOffset, entry.Length);
                    }
                }

                return new TarSource(path, temporary, entries);
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
            {
                if (temporary is not null)
                {
                    File.Delete(temporary);
                }

                throw new ScException(new ScDiagnostic(DiagnosticIds.InvalidOciLayout, DiagnosticSeverity.Error, archive, $"it is not a readable tar ({ex.Message})"), ex);
            }
        }

        public override bool Exists(string name) => _entries.ContainsKey(name);

        public override Stream? Open(string name)
        {
            if (!_entries.TryGetValue(name, out var entry))
            {
                return null;
            }

            var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return new BoundedFileSegment(file, entry.Offset, entry.Length);
        }

        protected override void Release()
        {
            if (_temporary is not null)
            {
                try
                {
                    File.Delete(_temporary);
                }
                catch (IOException)
                {
                    // Left for the OS to clean; it holds nothing secret.
                }
            }
        }

        private static string? Normalize(string name)
        {
            var normalized = name.Replace('\\', '/');
            while (normalized.StartsWith("./", StringComparison.Ordinal))
            {
                normalized = normalized[2..];
            }

            return normalized.Split('/').Any(part => part is ".." or "") ? null : normalized;
        }

        private static async Task<bool> IsGzipAsync(string path, CancellationToken cancellationToken)
        {
            await using var stream = File.OpenRead(path);
            var magic = new byte[2];
            return await stream.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        }
    }
}
