using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class OciImageLayoutTests
{
    [TestMethod]
    [DataRow("folder")]
    [DataRow("tar")]
    [DataRow("gzip")]
    public async Task Reads_index_manifest_config_and_layers_from_each_form(string form)
    {
        var (path, manifestDigest, layer) = WriteLayout(form);

        using var layout = await OciImageLayout.OpenAsync(path);
        var entry = layout.Index.Manifests.Single();
        var manifest = (await layout.ReadManifestAsync(entry)).AsManifest();

        Assert.AreEqual(manifestDigest, entry.Digest);
        Assert.AreEqual("v4", OciImageLayout.RefName(entry));
        Assert.AreEqual("v4", entry.Annotations![OciImageLayout.RefNameAnnotation]);
        Assert.IsTrue(layout.HasBlob(manifest.Config.Digest));
        await using var stream = layout.OpenBlob(manifest.Layers[0].Digest, manifest.Layers[0].Size);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        CollectionAssert.AreEqual(layer.Blob, copy.ToArray());
    }

    [TestMethod]
    public async Task A_blob_that_does_not_match_its_name_is_rejected_when_read()
    {
        var (path, _, layer) = WriteLayout("folder");
        File.WriteAllBytes(Path.Combine(path, "blobs", "sha256", layer.Descriptor.Digest.Hex), Encoding.UTF8.GetBytes("tampered"));

        using var layout = await OciImageLayout.OpenAsync(path);
        await using var stream = layout.OpenBlob(layer.Descriptor.Digest);
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => stream.CopyToAsync(Stream.Null));
        Assert.AreEqual("SCSEC2002", error.Code);
        Assert.AreEqual("SCSEC2002", (await Assert.ThrowsExactlyAsync<ScException>(() => layout.ReadBlobAsync(layer.Descriptor.Digest, 1024))).Code);
    }

    [TestMethod]
    public async Task Not_a_layout_is_a_coded_error()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        Assert.AreEqual("SCSEC2015", (await Assert.ThrowsExactlyAsync<ScException>(() => OciImageLayout.OpenAsync(empty))).Code);
        Assert.AreEqual("SCSEC2015", (await Assert.ThrowsExactlyAsync<ScException>(() => OciImageLayout.OpenAsync(Path.Combine(empty, "missing.tar")))).Code);
        var notTar = Path.Combine(empty, "x.tar");
        File.WriteAllBytes(notTar, Encoding.UTF8.GetBytes(new string('x', 1024)));
        Assert.AreEqual("SCSEC2015", (await Assert.ThrowsExactlyAsync<ScException>(() => OciImageLayout.OpenAsync(notTar))).Code);
    }

    [TestMethod]
    public async Task Tar_entries_that_escape_the_layout_are_ignored()
    {
        var (folder, _, _) = WriteLayout("folder");
        var tar = Path.Combine(Directory.CreateTempSubdirectory().FullName, "evil.tar");
        await using (var stream = File.Create(tar))
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                await writer.WriteEntryAsync(file, Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }

            var evil = new PaxTarEntry(TarEntryType.RegularFile, "blobs/sha256/../../../etc/passwd") { DataStream = new MemoryStream([1, 2, 3]) };
            await writer.WriteEntryAsync(evil);
        }

        using var layout = await OciImageLayout.OpenAsync(tar);
        Assert.AreEqual(1, layout.Index.Manifests.Count);
    }

    /// <summary>Writes a layout the way the SDK's archive mode does: oci-layout, index.json with ref-name annotations, blobs.</summary>
    private static (string Path, Digest Manifest, Layer Layer) WriteLayout(string form)
    {
        var folder = Directory.CreateTempSubdirectory("sc-layout-").FullName;
        var layer = FixtureImages.AlpineLayer();
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var manifest = OciJson.Serialize(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = Descriptor.For(MediaTypes.OciConfig, config), Layers = [layer.Descriptor] });
        var entry = Descriptor.For(MediaTypes.OciManifest, manifest) with
        {
            Annotations = new Dictionary<string, string> { [OciImageLayout.ContainerdImageNameAnnotation] = "docker.io/team/app:v4", [OciImageLayout.RefNameAnnotation] = "v4" },
        };
        var blobs = Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256")).FullName;
        File.WriteAllText(Path.Combine(folder, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(folder, "index.json"), OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [entry] }));
        foreach (var blob in new[] { config, manifest, layer.Blob })
        {
            File.WriteAllBytes(Path.Combine(blobs, Digest.Sha256(blob).Hex), blob);
        }

        if (form == "folder")
        {
            return (folder, entry.Digest, layer);
        }

        var tar = Path.Combine(Directory.CreateTempSubdirectory().FullName, "app.tar.gz");
        using (var output = File.Create(tar))
        using (var compressed = form == "gzip" ? new GZipStream(output, CompressionLevel.Fastest) : (Stream)output)
        {
            TarFile.CreateFromDirectory(folder, compressed, includeBaseDirectory: false);
        }

        return (tar, entry.Digest, layer);
    }
}
