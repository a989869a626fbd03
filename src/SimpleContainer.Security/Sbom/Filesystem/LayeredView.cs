using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// The union of layer catalogs, bottom first, as a container runtime would see it: a whiteout removes a path and all
/// below it, an opaque directory hides what lower layers put in it, and a non-directory replaces a lower directory.
/// Links resolve inside the image only.
/// </summary>
internal sealed class LayeredView
{
    private readonly Dictionary<string, VisibleEntry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);

    private LayeredView()
    {
    }

    public static LayeredView Merge(IEnumerable<LayerCatalog> catalogs)
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

            foreach (var entry in catalog.Entries)
            {
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
    /// Follows links in every segment of <paramref name="path"/> (the last one too), at most <paramref name="maxHops"/>
    /// times, and returns the real path, or null with the reason when a link loops or leaves the image.
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
            if (Get(candidate)?.Entry is not { Kind: LayerEntryKind.SymbolicLink or LayerEntryKind.HardLink } link)
            {
                current = candidate;
                continue;
            }

            if (++hops > maxHops)
            {
                failure = $"more than {maxHops} links to follow";
                return null;
            }

            if (link.LinkTarget is null)
            {
                failure = $"the link {candidate} points outside the image";
                return null;
            }

            foreach (var targetSegment in link.LinkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(targetSegment);
            }

            current = ImagePath.Root;
        }

        return current;
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
