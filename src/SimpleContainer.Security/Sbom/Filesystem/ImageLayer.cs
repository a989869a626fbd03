using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>One layer of an image: its descriptor and a way to open its blob (compressed as stored).</summary>
public sealed record ImageLayer(Descriptor Descriptor, Func<CancellationToken, Task<Stream>> OpenAsync)
{
    /// <summary>A layer read from a registry (the stream verifies the digest at its end).</summary>
    public static ImageLayer FromRegistry(RegistryClient client, ImageReference repository, Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(descriptor);
        return new(descriptor, cancellationToken => client.OpenBlobAsync(repository, descriptor.Digest, descriptor.Size, cancellationToken));
    }

    /// <summary>A layer read from an OCI image layout (folder or tar).</summary>
    public static ImageLayer FromLayout(OciImageLayout layout, Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(descriptor);
        return new(descriptor, _ => Task.FromResult(layout.OpenBlob(descriptor.Digest, descriptor.Size)));
    }

    /// <summary>The layers of <paramref name="manifest"/>, bottom first, as read from a registry.</summary>
    public static IReadOnlyList<ImageLayer> FromRegistry(RegistryClient client, ImageReference repository, ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Layers.Select(layer => FromRegistry(client, repository, layer)).ToList();
    }

    /// <summary>The layers of <paramref name="manifest"/>, bottom first, as read from an OCI image layout.</summary>
    public static IReadOnlyList<ImageLayer> FromLayout(OciImageLayout layout, ImageManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Layers.Select(layer => FromLayout(layout, layer)).ToList();
    }
}
