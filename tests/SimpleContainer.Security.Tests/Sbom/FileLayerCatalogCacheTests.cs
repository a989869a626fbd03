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

    [TestMethod]
    public async Task An_entry_planted_under_another_layers_digest_is_not_trusted()
    {
        var folder = Directory.CreateTempSubdirectory("sc-layer-cache-").FullName;
        var debian = FixtureImages.DebianLayer();
        var decoy = new LayerBuilder().File("etc/os-release", FixtureImages.OsReleaseDebian12).File("var/lib/dpkg/status", HostileLayers.StatusWithoutOpenssl).Build();
        await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Layers(decoy));
        var planted = Directory.GetFiles(folder).Single();
        var text = (await File.ReadAllTextAsync(planted))
            .Replace(decoy.Descriptor.Digest.ToString(), debian.Descriptor.Digest.ToString(), StringComparison.Ordinal)
            .Replace(decoy.Descriptor.Digest.Hex, debian.Descriptor.Digest.Hex, StringComparison.Ordinal);
        await File.WriteAllTextAsync(planted.Replace(decoy.Descriptor.Digest.Hex, debian.Descriptor.Digest.Hex, StringComparison.Ordinal), text);

        var result = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Layers(debian));

        CollectionAssert.Contains(result.Document.Components.Select(c => c.Name).ToArray(), "libssl3", "the planted entry was rejected and the layer read");
    }

    [TestMethod]
    public void Without_a_cache_variable_or_HOME_the_cache_stays_in_memory()
    {
        var cache = FileLayerCatalogCache.FromEnvironment(_ => null);

        Assert.IsInstanceOfType<InMemoryLayerCatalogCache>(cache, "never a folder under the shared temp directory");
        Assert.IsInstanceOfType<FileLayerCatalogCache>(FileLayerCatalogCache.FromEnvironment(name => name == "HOME" ? "/home/builder" : null));
    }

    [TestMethod]
    public async Task A_cache_folder_others_can_write_to_is_not_used()
    {
        var folder = Directory.CreateTempSubdirectory("sc-layer-cache-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);

        var result = await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Debian());

        Assert.AreEqual(0, Directory.GetFiles(folder).Length);
        CollectionAssert.Contains(result.Document.Components.Select(c => c.Name).ToArray(), "libssl3");
    }

    [TestMethod]
    public async Task A_new_cache_folder_is_private_to_its_user()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("sc-layer-cache-").FullName, "sbom-layers");

        await Generator(cache: new FileLayerCatalogCache(folder)).GenerateAsync(Subject, Debian());

        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.AreEqual(1, Directory.GetFiles(folder).Length);
    }
}
