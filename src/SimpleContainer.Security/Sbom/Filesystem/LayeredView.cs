using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// The union of layer catalogs, bottom first, as a container runtime would see it: a whiteout removes a path and all
/// below it, an opaque directory hides what lower layers put in it, and a non-directory replaces a lower directory.
/// A hard link is what its target was when its layer was applied (it is the same inode, so later layers that remove
/// or replace the target do not change it); a hard link whose target was not read is kept as a link, for another
/// pass that reads the target. Symbolic links resolve inside the image only.
/// </summary>
internal sealed class LayeredView
{
    private readonly Dictionary<string, VisibleEntry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);

    private LayeredView()
    {
    }

    public static LayeredView Merge(IEnumerable<LayerCatalog> catalogs, int maxHops)
    {
        var view = new LayeredView();
        foreach (var catalog in catalogs)
        {
            foreach (var directory in catalog.OpaqueDirectories)
            {
                view.RemoveBelow(directory);
            }

            foreach (var path in catalog.Whiteouts)
            {
                view.Remove(path);
                view.RemoveBelow(path);
            }

            foreach (var layerEntry in catalog.Entries)
            {
                var entry = layerEntry.Kind == LayerEntryKind.HardLink ? view.Link(layerEntry, catalog.LayerDigest, maxHops) : layerEntry;
                if (entry.Kind != LayerEntryKind.Directory)
                {
                    view.RemoveBelow(entry.Path);
                }

                view._entries[entry.Path] = new VisibleEntry(entry, catalog.LayerDigest);
                view._paths.Add(entry.Path);
            }
        }

        return view;
    }

    public VisibleEntry? Get(string path) => _entries.GetValueOrDefault(path);

    /// <summary>Every visible path below <paramref name="directory"/>, in ordinal order.</summary>
    public IEnumerable<string> Below(string directory) =>
        directory == ImagePath.Root ? _paths.Where(p => p != ImagePath.Root) : _paths.GetViewBetween(directory + "/", directory + "0").Where(p => ImagePath.IsBelow(p, directory));

    /// <summary>
    /// Follows symbolic links in every segment of <paramref name="path"/> (the last one too), at most
    /// <paramref name="maxHops"/> times, and returns the real path, or null with the reason when a link loops or leaves the image.
    /// </summary>
    public string? Resolve(string path, int maxHops, out string? failure)
    {
        failure = null;
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = ImagePath.Root;
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            var candidate = ImagePath.Combine(current, segment);
            if (Get(candidate)?.Entry is not { Kind: LayerEntryKind.SymbolicLink } link)
            {
                current = candidate;
                continue;
            }

            if (++hops > maxHops)
            {
                failure = $"more than {maxHops} links to follow";
                return null;
            }

            // A symbolic link's text is relative to the directory it is in (a hard link to it may have moved it).
            if (link.LinkTarget is null || ImagePath.Normalize(link.LinkTarget, ImagePath.Parent(candidate), clampAtRoot: true) is not { } target)
            {
                failure = $"the link {candidate} points outside the image";
                return null;
            }

            foreach (var targetSegment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(targetSegment);
            }

            current = ImagePath.Root;
        }

        return current;
    }

    /// <summary>
    /// The entry a hard link becomes: a copy of its target as of now. As containerd does, the target's directories
    /// are resolved through symbolic links but its last segment is not (a hard link to a symbolic link is one).
    /// </summary>
    private LayerEntry Link(LayerEntry link, Digest layer, int maxHops)
    {
        var target = link.LinkTarget is { } archivePath && Resolve(ImagePath.Parent(archivePath), maxHops, out _) is { } directory
            ? ImagePath.Combine(directory, ImagePath.FileName(archivePath))
            : null;
        var existing = target is null ? null : Get(target)?.Entry;
        return existing switch
        {
            { Kind: LayerEntryKind.File, ContentOmitted: false } or { Kind: LayerEntryKind.SymbolicLink or LayerEntryKind.Special } => existing with { Path = link.Path },
            { Kind: LayerEntryKind.Directory } => throw new ScException(DiagnosticIds.HardLinkTargetMissing, link.Path, layer, link.LinkTarget, "a directory"),
            _ => link with { LinkTarget = target ?? link.LinkTarget },
        };
    }

    private void Remove(string path)
    {
        _entries.Remove(path);
        _paths.Remove(path);
    }

    private void RemoveBelow(string directory)
    {
        foreach (var path in Below(directory).ToList())
        {
            Remove(path);
        }
    }
}

/// <summary>A visible entry and the layer it comes from.</summary>
internal sealed record VisibleEntry(LayerEntry Entry, Digest LayerDigest);
