using System.Formats.Tar;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// Reads one layer blob as a tar stream, never touching the disk: records its directories, links, whiteouts and opaque
/// directories, and the content of the regular files that match the patterns. The blob is read to its end, so its
/// digest is verified before the catalog is returned.
/// </summary>
internal sealed class LayerReader(ImageFilesystemOptions options)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string WhiteoutMetaPrefix = ".wh..wh.";

    public async Task<LayerCatalog> ReadAsync(ImageLayer layer, IReadOnlyCollection<FilePattern> patterns, CancellationToken cancellationToken)
    {
        var descriptor = layer.Descriptor;
        var opened = await layer.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var blob = opened as DigestVerifyingStream
            ?? new DigestVerifyingStream(opened, descriptor.Digest, descriptor.Size, $"layer {descriptor.Digest}");
        try
        {
            await using var tar = await LayerStreams.OpenTarAsync(descriptor, blob, cancellationToken).ConfigureAwait(false);
            await using var counted = new ExpansionLimitStream(tar, options.MaxLayerUncompressedBytes, descriptor.Digest);
            var state = new State(layer, patterns);
            await using (var reader = new TarReader(counted, leaveOpen: true))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (++state.EntryCount > options.MaxLayerEntries)
                    {
                        throw new ScException(DiagnosticIds.LayerEntryLimitExceeded, descriptor.Digest, options.MaxLayerEntries);
                    }

                    await AddAsync(state, entry, cancellationToken).ConfigureAwait(false);
                }
            }

            // Trailing padding, then the rest of the blob: the digest is checked only at the blob's end.
            await counted.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            await blob.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return new LayerCatalog(descriptor.Digest, state.Entries, state.Whiteouts, state.OpaqueDirectories, state.Diagnostics);
        }
        catch (NotSupportedException ex)
        {
            // TarReader refuses GNU sparse ('S') headers; runtimes would read them differently from a plain file.
            throw new ScException(new ScDiagnostic(DiagnosticIds.LayerEntryNotSupported, DiagnosticSeverity.Error, descriptor.Digest, "(the entry after the last one read)", ex.Message), ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.LayerUnreadable, DiagnosticSeverity.Error, descriptor.Digest, ex.Message), ex);
        }
    }

    private async Task AddAsync(State state, TarEntry entry, CancellationToken cancellationToken)
    {
        var digest = state.Layer.Descriptor.Digest;
        var type = EntryTypeAsRuntimesReadIt(entry, digest);
        if (type == TarEntryType.GlobalExtendedAttributes)
        {
            // containerd and moby ignore PAX global headers; one named like a whiteout would be read two ways.
            if (ImagePath.FileName(entry.Name.TrimEnd('/')).StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                throw new ScException(DiagnosticIds.LayerEntryNotSupported, digest, entry.Name, "a PAX global header named like a whiteout");
            }

            return;
        }

        var path = ImagePath.Normalize(entry.Name);
        if (path is null)
        {
            // containerd places such an entry inside the root (../var/lib/dpkg/status replaces the status file) and
            // moby refuses the layer: skipping it would hide from us what one runtime shows.
            throw new ScException(DiagnosticIds.LayerEntryEscapesRoot, digest, entry.Name);
        }

        if (path == ImagePath.Root)
        {
            return;
        }

        // Runtimes take any entry whose name starts with .wh. as a whiteout, whatever its type.
        var name = ImagePath.FileName(path);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            if (name == OpaqueMarker)
            {
                state.OpaqueDirectories.Add(ImagePath.Parent(path));
            }
            else if (!name.StartsWith(WhiteoutMetaPrefix, StringComparison.Ordinal))
            {
                state.Whiteouts.Add(ImagePath.Combine(ImagePath.Parent(path), name[WhiteoutPrefix.Length..]));
            }

            return;
        }

        switch (type)
        {
            case TarEntryType.Directory:
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.Directory));
                break;
            case TarEntryType.SymbolicLink:
                // Kept as written: the text is resolved relative to wherever the link ends up (a hard link may move it).
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.SymbolicLink, entry.LinkName));
                break;
            case TarEntryType.HardLink:
                // A hard link's name is an archive path, so it is taken from the root (and kept in it, as containerd does).
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.HardLink, ImagePath.Normalize(entry.LinkName, clampAtRoot: true)));
                break;
            case TarEntryType.RegularFile when state.IsSelected(path):
                state.Entries.Add(await ReadSelectedAsync(state, entry, path, cancellationToken).ConfigureAwait(false));
                break;
            case TarEntryType.RegularFile when state.IsOnTheWay(path):
                // Not asked for, but it hides a lower directory that selected files would be in.
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.File, ContentOmitted: true));
                break;
            case TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice when state.IsSelected(path) || state.IsOnTheWay(path):
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.Special));
                break;
        }
    }

    /// <summary>
    /// The entry's type as Go's archive/tar hands it to containerd and moby, or a coded refusal for what they read
    /// differently from TarReader (GNU sparse files, renamed by <c>GNU.sparse.name</c>) or refuse to apply.
    /// </summary>
    private static TarEntryType EntryTypeAsRuntimesReadIt(TarEntry entry, Oci.Digest digest)
    {
        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.FirstOrDefault(k => k.StartsWith("GNU.sparse.", StringComparison.Ordinal)) is { } sparse)
        {
            throw new ScException(DiagnosticIds.LayerEntryNotSupported, digest, entry.Name, $"a GNU sparse file (PAX record {sparse})");
        }

        return entry.EntryType switch
        {
            // Go reads a pre-POSIX regular file whose name ends in '/' as a directory.
            TarEntryType.V7RegularFile => entry.Name.EndsWith('/') ? TarEntryType.Directory : TarEntryType.RegularFile,
            TarEntryType.RegularFile or TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink
                or TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.GlobalExtendedAttributes => entry.EntryType,
            _ => throw new ScException(DiagnosticIds.LayerEntryNotSupported, digest, entry.Name, $"the tar type flag '{(char)entry.EntryType}'"),
        };
    }

    private async Task<LayerEntry> ReadSelectedAsync(State state, TarEntry entry, string path, CancellationToken cancellationToken)
    {
        var digest = state.Layer.Descriptor.Digest;
        // A package database read in part, or not at all, would hide packages: over a limit the image is refused.
        if (entry.Length > options.MaxFileBytes)
        {
            throw new ScException(DiagnosticIds.ImageFileTooLarge, path, digest, entry.Length, options.MaxFileBytes);
        }

        if (state.SelectedBytes + entry.Length > options.MaxSelectedBytesPerLayer)
        {
            throw new ScException(DiagnosticIds.SelectedBytesLimitExceeded, digest, options.MaxSelectedBytesPerLayer, path);
        }

        var content = new byte[entry.Length];
        if (entry.DataStream is { } data)
        {
            await data.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
        }

        state.SelectedBytes += content.Length;
        return new LayerEntry(path, LayerEntryKind.File, Content: content);
    }

    private sealed class State(ImageLayer layer, IReadOnlyCollection<FilePattern> patterns)
    {
        public ImageLayer Layer { get; } = layer;

        public List<LayerEntry> Entries { get; } = [];

        public List<string> Whiteouts { get; } = [];

        public List<string> OpaqueDirectories { get; } = [];

        public List<ScDiagnostic> Diagnostics { get; } = [];

        public int EntryCount { get; set; }

        public long SelectedBytes { get; set; }

        public bool IsSelected(string path) => patterns.Any(p => p.Matches(path));

        public bool IsOnTheWay(string path) => patterns.Any(p => ImagePath.IsBelow(p.LiteralPrefix, path) || (p.IsGlob && p.LiteralPrefix == path));
    }
}
