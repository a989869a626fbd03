using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.TestSupport.Fixtures;

public enum ImageFormat
{
    Oci,
    Docker,
}

/// <summary>An image pushed by the fixture builder.</summary>
public sealed record PushedImage(ImageReference Reference, Descriptor Manifest, byte[] ManifestBytes, IReadOnlyList<Layer> Layers, Platform? Platform);

/// <summary>Assembles images (config, manifest, index) from layers and pushes them with the project's own client: blobs first, then manifests.</summary>
public sealed class ImageFixtureBuilder(RegistryClient client)
{
    public async Task<PushedImage> PushImageAsync(
        ImageReference target,
        IReadOnlyList<Layer> layers,
        Platform platform,
        ImageFormat format = ImageFormat.Oci,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default)
    {
        var config = new Dictionary<string, object?>
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["created"] = "1970-01-01T00:00:00Z",
            ["config"] = new Dictionary<string, object?>
            {
                ["Env"] = new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
                ["Cmd"] = new[] { "/bin/sh" },
                ["Labels"] = labels,
            },
            ["rootfs"] = new { type = "layers", diff_ids = layers.Select(l => l.DiffId.ToString()).ToArray() },
        };
        if (platform.Variant is not null)
        {
            config["variant"] = platform.Variant;
        }

        var configBytes = OciJson.Serialize(config);
        var configMediaType = format == ImageFormat.Oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig;
        var configDescriptor = await client.PushBlobAsync(target, configMediaType, configBytes, cancellationToken);
        var layerDescriptors = new List<Descriptor>();
        foreach (var layer in layers)
        {
            var mediaType = format == ImageFormat.Docker && layer.MediaType == MediaTypes.OciLayerTarGzip ? MediaTypes.DockerLayerTarGzip : layer.MediaType;
            layerDescriptors.Add(await client.PushBlobAsync(target, mediaType, layer.Blob, cancellationToken));
        }

        var manifestMediaType = format == ImageFormat.Oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var manifest = new ImageManifest { MediaType = manifestMediaType, Config = configDescriptor, Layers = layerDescriptors };
        var bytes = OciJson.Serialize(manifest);
        var pushed = await client.PutManifestAsync(target, bytes, manifestMediaType, target.Tag ?? Digest.Sha256(bytes).ToString(), cancellationToken);
        return new PushedImage(target, pushed.Descriptor with { Platform = platform }, bytes, layers, platform);
    }

    public async Task<PushedImage> PushIndexAsync(ImageReference target, IReadOnlyList<PushedImage> images, ImageFormat format = ImageFormat.Oci, CancellationToken cancellationToken = default)
    {
        var mediaType = format == ImageFormat.Oci ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;
        var index = new ImageIndex { MediaType = mediaType, Manifests = images.Select(i => i.Manifest).ToList() };
        var bytes = OciJson.Serialize(index);
        var pushed = await client.PutManifestAsync(target, bytes, mediaType, target.Tag, cancellationToken);
        return new PushedImage(target, pushed.Descriptor, bytes, [], null);
    }
}
