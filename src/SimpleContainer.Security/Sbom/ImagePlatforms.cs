using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom;

/// <summary>One platform image to catalog: its subject (name, digest), its platform (null for a single image) and its layers.</summary>
public sealed record PlatformImage(SbomSubject Subject, string? Platform, IReadOnlyList<ImageLayer> Layers);

/// <summary>Resolves an image (a manifest, or an index and its platform images, as <see cref="ImageIndexWalk"/> picks them) to the images to catalog.</summary>
public static class ImagePlatforms
{
    public static async Task<IReadOnlyList<PlatformImage>> FromRegistryAsync(RegistryClient client, ImageReference image, CancellationToken cancellationToken)
    {
        var top = await client.GetManifestAsync(image, cancellationToken).ConfigureAwait(false);
        if (!top.IsIndex)
        {
            return [new PlatformImage(Subject(image.Name, top.Digest, image.Tag), null, ImageLayer.FromRegistry(client, image, top.AsManifest()))];
        }

        var images = await ImageIndexWalk.PlatformImagesAsync(
            top.AsIndex(), (entry, ct) => client.GetManifestAsync(image.Pinned(entry.Digest), ct), cancellationToken).ConfigureAwait(false);
        return [.. images.Select(i => new PlatformImage(Subject(image.Name, i.Entry.Digest, image.Tag), i.Entry.Platform?.ToString(), ImageLayer.FromRegistry(client, image, i.Manifest.AsManifest())))];
    }

    /// <summary>Every image in an OCI layout (the SDK's archive), following an index to its platform manifests.</summary>
    public static async Task<IReadOnlyList<PlatformImage>> FromLayoutAsync(OciImageLayout layout, string name, CancellationToken cancellationToken)
    {
        var platforms = new List<PlatformImage>();
        foreach (var entry in layout.Index.Manifests)
        {
            var content = await layout.ReadManifestAsync(entry, cancellationToken).ConfigureAwait(false);
            if (!content.IsIndex)
            {
                var platform = entry.Platform is { Os.Length: > 0, Architecture.Length: > 0 } p ? p.ToString() : null;
                platforms.Add(new PlatformImage(Subject(name, entry.Digest, OciImageLayout.RefName(entry)), platform, ImageLayer.FromLayout(layout, content.AsManifest())));
                continue;
            }

            var images = await ImageIndexWalk.PlatformImagesAsync(content.AsIndex(), layout.ReadManifestAsync, cancellationToken).ConfigureAwait(false);
            platforms.AddRange(images.Select(i => new PlatformImage(Subject(name, i.Entry.Digest, null), i.Entry.Platform?.ToString(), ImageLayer.FromLayout(layout, i.Manifest.AsManifest()))));
        }

        return platforms.Count == 1 ? [platforms[0] with { Platform = null }] : platforms;
    }

    private static SbomSubject Subject(string name, Digest digest, string? tag) => new() { Name = name, Digest = digest, Tag = tag };
}
