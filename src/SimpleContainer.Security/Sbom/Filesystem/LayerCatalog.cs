using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

public enum LayerEntryKind
{
    File,
    Directory,
    SymbolicLink,
    HardLink,

    /// <summary>A FIFO or device node: it replaces what lower layers had at its path and has no content to read.</summary>
    Special,
}

/// <summary>
/// One entry a layer contributes, in the layer's tar order: every directory and link (needed to resolve paths and
/// apply layer order), the selected regular files with their content, and regular files and special nodes on the way
/// to them. <see cref="LinkTarget"/> is a symbolic link's text as written, or a hard link's normalised absolute
/// target (null when it leaves the image root). <see cref="ContentOmitted"/> marks a file recorded only because it
/// hides a lower directory on the way to selected files; it still hides what lower layers had at its path.
/// </summary>
public sealed record LayerEntry(string Path, LayerEntryKind Kind, string? LinkTarget = null, ReadOnlyMemory<byte> Content = default, bool ContentOmitted = false);

/// <summary>
/// What reading one layer for a set of patterns produced. It depends only on the layer's digest, the patterns and the
/// limits, so it can be cached per layer digest and shared by every image built on that layer.
/// </summary>
public sealed record LayerCatalog(
    Digest LayerDigest,
    IReadOnlyList<LayerEntry> Entries,
    IReadOnlyList<string> Whiteouts,
    IReadOnlyList<string> OpaqueDirectories,
    IReadOnlyList<ScDiagnostic> Diagnostics);

/// <summary>The cache key of a <see cref="LayerCatalog"/>.</summary>
public readonly record struct LayerCatalogKey(Digest LayerDigest, string Patterns, string Limits)
{
    public static LayerCatalogKey For(Digest layerDigest, IEnumerable<FilePattern> patterns, ImageFilesystemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = string.Join('\n', patterns.Select(p => (p.IsGlob ? "g:" : "e:") + p.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return new(layerDigest, text, options.CacheFingerprint);
    }
}
