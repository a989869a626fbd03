using System.Formats.Tar;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;

namespace SimpleContainer.Security.TestSupport.Fixtures;

/// <summary>Writes an image as an OCI image layout tar, the shape the SDK's archive mode writes (for <c>sc sbom generate --archive</c>).</summary>
public static class OciLayoutArchive
{
    public static string Write(string path, IReadOnlyList<Layer> layers, string tag = "latest")
    {
        var config = OciJson.Serialize(new Dictionary<string, object?>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["rootfs"] = new { type = "layers", diff_ids = layers.Select(l => l.DiffId.ToString()).ToArray() },
        });
        var manifest = OciJson.Serialize(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = Descriptor.For(MediaTypes.OciConfig, config),
            Layers = layers.Select(l => l.Descriptor).ToList(),
        });
        var entry = Descriptor.For(MediaTypes.OciManifest, manifest) with
        {
            Annotations = new Dictionary<string, string> { [OciImageLayout.RefNameAnnotation] = tag },
        };
        var index = OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [entry] });

        using var output = File.Create(path);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        void Add(string name, byte[] bytes) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        Add("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        Add("index.json", index);
        foreach (var blob in new[] { config, manifest }.Concat(layers.Select(l => l.Blob)).DistinctBy(b => Digest.Sha256(b)))
        {
            Add("blobs/sha256/" + Digest.Sha256(blob).Hex, blob);
        }

        return path;
    }
}
