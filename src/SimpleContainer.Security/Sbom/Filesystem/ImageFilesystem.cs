using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// An image's filesystem over its layers in order, read as tar streams without extracting anything. It hands out only
/// the files asked for (exact paths or globs), following links inside the image. Each layer is read once per set of
/// patterns, and the result is cached by layer digest so that shared base layers are read once per process.
/// </summary>
public sealed class ImageFilesystem
{
    private const int MaxPasses = 8;
    private readonly IReadOnlyList<ImageLayer> _layers;
    private readonly ImageFilesystemOptions _options;
    private readonly ILayerCatalogCache _cache;
    private readonly LayerReader _reader;

    public ImageFilesystem(IReadOnlyList<ImageLayer> layers, ImageFilesystemOptions? options = null, ILayerCatalogCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers;
        _options = options ?? ImageFilesystemOptions.Default;
        _cache = cache ?? new InMemoryLayerCatalogCache();
        _reader = new LayerReader(_options);
    }

    /// <summary>Reads the files matching <paramref name="patterns"/>. Layer-level failures throw a coded <see cref="ScException"/>.</summary>
    public async Task<FileSelection> SelectAsync(IReadOnlyCollection<FilePattern> patterns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var requested = patterns.Distinct().ToList();
        var catalogs = await ReadLayersAsync(requested, cancellationToken).ConfigureAwait(false);
        var view = LayeredView.Merge(catalogs, _options.MaxLinkHops);

        // Paths reached through links may lie outside what was asked for; read again with them added, until no link
        // leads anywhere new (a link to a link needs one more pass).
        for (var pass = 1; pass < MaxPasses; pass++)
        {
            var extra = LinkedPatterns(view, requested).Distinct()
                .Where(p => !requested.Contains(p) && (p.IsGlob || !requested.Any(r => r.Matches(p.Text))))
                .ToList();
            if (extra.Count == 0)
            {
                break;
            }

            requested = [.. requested, .. extra];
            catalogs = await ReadLayersAsync(requested, cancellationToken).ConfigureAwait(false);
            view = LayeredView.Merge(catalogs, _options.MaxLinkHops);
        }

        var diagnostics = catalogs.SelectMany(c => c.Diagnostics).ToList();
        var files = new SortedDictionary<string, ImageFile>(StringComparer.Ordinal);
        foreach (var pattern in patterns.Distinct())
        {
            foreach (var path in Candidates(view, pattern))
            {
                if (!files.ContainsKey(path) && Open(view, path, diagnostics) is { } file)
                {
                    files[path] = file;
                }
            }
        }

        return new FileSelection(files.Values.ToList(), diagnostics);
    }

    private async Task<IReadOnlyList<LayerCatalog>> ReadLayersAsync(IReadOnlyCollection<FilePattern> patterns, CancellationToken cancellationToken)
    {
        var catalogs = new LayerCatalog[_layers.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelLayers), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, _layers.Count), parallel, async (index, token) =>
        {
            var layer = _layers[index];
            var key = LayerCatalogKey.For(layer.Descriptor.Digest, patterns, _options);
            if (!_cache.TryGet(key, out var catalog))
            {
                catalog = await _reader.ReadAsync(layer, patterns, token).ConfigureAwait(false);
                _cache.Store(key, catalog);
            }

            catalogs[index] = catalog;
        }).ConfigureAwait(false);
        return catalogs;
    }

    /// <summary>Exact paths and glob directories that resolve, through links, somewhere else, and the targets of hard links not read yet.</summary>
    private IEnumerable<FilePattern> LinkedPatterns(LayeredView view, IReadOnlyList<FilePattern> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (view.Resolve(pattern.LiteralPrefix, _options.MaxLinkHops, out _) is { } real && real != pattern.LiteralPrefix)
            {
                yield return pattern.Rebase(real);
            }

            var paths = pattern.IsGlob ? Candidates(view, pattern) : [pattern.Text];
            foreach (var path in paths)
            {
                if (view.Resolve(path, _options.MaxLinkHops, out _) is not { } target)
                {
                    continue;
                }

                if (target != path)
                {
                    yield return FilePattern.Exact(target);
                }

                if (view.Get(target)?.Entry is { Kind: LayerEntryKind.HardLink, LinkTarget: { } linked })
                {
                    yield return FilePattern.Exact(linked);
                }
            }
        }
    }

    /// <summary>The paths (as asked for) that <paramref name="pattern"/> selects, including those below a linked directory.</summary>
    private IEnumerable<string> Candidates(LayeredView view, FilePattern pattern)
    {
        if (!pattern.IsGlob)
        {
            return [pattern.Text];
        }

        var prefix = pattern.LiteralPrefix;
        var real = view.Resolve(prefix, _options.MaxLinkHops, out _) ?? prefix;
        return view.Below(real)
            .Select(path => real == prefix ? path : ImagePath.Combine(prefix, path[(real.Length + (real == ImagePath.Root ? 0 : 1))..]))
            .Where(pattern.Matches);
    }

    private ImageFile? Open(LayeredView view, string path, List<ScDiagnostic> diagnostics)
    {
        var real = view.Resolve(path, _options.MaxLinkHops, out var failure);
        if (real is null)
        {
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.ImageLinkNotResolved, DiagnosticSeverity.Warning, path, failure));
            return null;
        }

        var visible = view.Get(real);
        if (visible?.Entry is { Kind: LayerEntryKind.HardLink } link)
        {
            // Every pass read the link's target, and it was not there when the link's layer was applied.
            throw new ScException(DiagnosticIds.HardLinkTargetMissing, real, visible.LayerDigest, link.LinkTarget, "missing");
        }

        return visible is { Entry: { Kind: LayerEntryKind.File, ContentOmitted: false } entry }
            ? new ImageFile(path, real, visible.LayerDigest, entry.Content)
            : null;
    }
}
