using System.Collections.Concurrent;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>Keeps layer catalogs by layer digest, patterns and limits: base layers are shared by many images.</summary>
public interface ILayerCatalogCache
{
    bool TryGet(LayerCatalogKey key, out LayerCatalog catalog);

    void Store(LayerCatalogKey key, LayerCatalog catalog);
}

/// <summary>A process-lifetime cache; catalogs hold only the selected files, so they stay small.</summary>
public sealed class InMemoryLayerCatalogCache : ILayerCatalogCache
{
    private readonly ConcurrentDictionary<LayerCatalogKey, LayerCatalog> _catalogs = new();

    public int Count => _catalogs.Count;

    public bool TryGet(LayerCatalogKey key, out LayerCatalog catalog) => _catalogs.TryGetValue(key, out catalog!);

    public void Store(LayerCatalogKey key, LayerCatalog catalog) => _catalogs[key] = catalog;
}
