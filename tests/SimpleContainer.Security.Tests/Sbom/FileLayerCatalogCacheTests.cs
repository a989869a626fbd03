using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class FileLayerCatalogCacheTests
{
    [TestMethod]
    public async Task A_second_process_reads_no_layer_and_produces_the_same_sbom()
    {
        var folder = Directory.CreateTempSubdirectory("sc-layer-cache-").FullName;
        var layers = new[] { FixtureImages.DebianLayer(), FixtureImages.DotnetRuntimeLayer() };
        var first = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Layers(layers));
        var opens = 0;
        var counted = layers.Select(l => new ImageLayer(l.Descriptor, async ct => { Interlocked.Increment(ref opens); return await l.ToImageLayer().OpenAsync(ct); })).ToList();

        var second = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, counted);

        Assert.AreEqual(0, opens, "every layer came from the cache folder");
        Assert.AreEqual(2, Directory.GetFiles(folder).Length);
        CollectionAssert.AreEqual(first.Document.Components.Select(c => c.Purl?.ToString()).ToArray(), second.Document.Components.Select(c => c.Purl?.ToString()).ToArray());
    }

    [TestMethod]
    public async Task A_corrupted_entry_is_ignored_and_the_layer_read_again()
    {
        var folder = Directory.CreateTempSubdirectory("sc-layer-cache-").FullName;
        var layer = FixtureImages.DebianLayer();
        var first = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Layers(layer));
        foreach (var file in Directory.GetFiles(folder))
        {
            await File.WriteAllTextAsync(file, "{ not json");
        }

        var opens = 0;
        var counted = new ImageLayer(layer.Descriptor, async ct => { Interlocked.Increment(ref opens); return await layer.ToImageLayer().OpenAsync(ct); });
        var second = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, [counted]);

        Assert.AreEqual(1, opens);
        Assert.AreEqual(first.Document.Components.Count, second.Document.Components.Count);
    }
}
