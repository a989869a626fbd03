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
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.LayerUnreadable, DiagnosticSeverity.Error, descriptor.Digest, ex.Message), ex);
        }
    }

    private async Task AddAsync(State state, TarEntry entry, CancellationToken cancellationToken)
    {
        var digest = state.Layer.Descriptor.Digest;
        var path = ImagePath.Normalize(entry.Name);
        if (path is null)
        {
            state.Diagnostics.Add(new ScDiagnostic(DiagnosticIds.LayerEntryEscapesRoot, DiagnosticSeverity.Warning, digest, entry.Name));
            return;
        }

        if (path == ImagePath.Root)
        {
            return;
        }

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

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.Directory));
                break;
            case TarEntryType.SymbolicLink:
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.SymbolicLink, ImagePath.Normalize(entry.LinkName, ImagePath.Parent(path))));
                break;
            case TarEntryType.HardLink:
                // A hard link's name is an archive path, so it is taken from the root.
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.HardLink, ImagePath.Normalize(entry.LinkName)));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile when state.IsSelected(path):
                state.Entries.Add(await ReadSelectedAsync(state, entry, path, cancellationToken).ConfigureAwait(false));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile when state.IsOnTheWay(path):
                // Not asked for, but it hides a lower directory that selected files would be in.
                state.Entries.Add(new LayerEntry(path, LayerEntryKind.File, ContentOmitted: true));
                break;
        }
    }

    private async Task<LayerEntry> ReadSelectedAsync(State state, TarEntry entry, string path, CancellationToken cancellationToken)
    {
        var digest = state.Layer.Descriptor.Digest;
        if (entry.Length > options.MaxFileBytes)
        {
            state.Diagnostics.Add(new ScDiagnostic(DiagnosticIds.ImageFileTooLarge, DiagnosticSeverity.Warning, path, digest, entry.Length, options.MaxFileBytes));
            return new LayerEntry(path, LayerEntryKind.File, ContentOmitted: true);
        }

        if (state.SelectedBytes + entry.Length > options.MaxSelectedBytesPerLayer)
        {
            state.Diagnostics.Add(new ScDiagnostic(DiagnosticIds.SelectedBytesLimitExceeded, DiagnosticSeverity.Warning, digest, options.MaxSelectedBytesPerLayer, path));
            return new LayerEntry(path, LayerEntryKind.File, ContentOmitted: true);
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
