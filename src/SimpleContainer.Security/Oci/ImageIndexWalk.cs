namespace SimpleContainer.Security.Oci;

/// <summary>Reads the manifest or index an index entry points to (from a registry or an OCI layout), digest verified.</summary>
public delegate Task<ManifestContent> ManifestReader(Descriptor entry, CancellationToken cancellationToken);

/// <summary>A platform image an index lists: the entry that names it and its manifest.</summary>
public sealed record IndexedImage(Descriptor Entry, ManifestContent Manifest);

/// <summary>
/// The two ways the project walks an image index, with the rule for its entries written once. Signing covers every
/// manifest the index holds (<see cref="SigningSubjectsAsync"/>); cataloguing and scanning cover the platform images
/// only (<see cref="PlatformImagesAsync"/>), not the attestation manifests BuildKit adds beside them.
/// </summary>
public static class ImageIndexWalk
{
    // BuildKit's attestation manifests: an image manifest with platform unknown/unknown, annotated with this type.
    private const string ReferenceTypeAnnotation = "vnd.docker.reference.type";
    private const string AttestationManifestType = "attestation-manifest";

    /// <summary>
    /// The digests <c>cosign sign --recursive</c> signs: the top manifest or index, then, depth first and index before
    /// its children, every image manifest and nested index it lists, attestation manifests included (cosign's
    /// pkg/oci/mutate/map.go walks each entry by media type, whatever its platform). Entries of other media types
    /// are not manifests and are left out. Each digest appears once.
    /// </summary>
    public static async Task<IReadOnlyList<Digest>> SigningSubjectsAsync(ManifestContent top, ManifestReader read, CancellationToken cancellationToken)
    {
        var subjects = new List<Digest>();
        var seen = new HashSet<Digest>();
        await AddSubjectsAsync(top, read, subjects, seen, cancellationToken).ConfigureAwait(false);
        return subjects;
    }

    /// <summary>
    /// The platform images an index lists, in index order, following nested indexes: every image manifest that is not
    /// an attestation manifest. Each digest is read once, so an index that lists the same entry many times costs no more.
    /// </summary>
    public static async Task<IReadOnlyList<IndexedImage>> PlatformImagesAsync(ImageIndex index, ManifestReader read, CancellationToken cancellationToken)
    {
        var images = new List<IndexedImage>();
        await AddPlatformImagesAsync(index, read, images, [], cancellationToken).ConfigureAwait(false);
        return images;
    }

    /// <summary>Whether an index entry is a platform image: an image manifest that is not an attestation manifest.</summary>
    public static bool IsPlatformImage(Descriptor entry) => MediaTypes.IsImageManifest(entry.MediaType) && !IsAttestationManifest(entry);

    /// <summary>Whether an index entry is an attestation manifest BuildKit put beside the platform images.</summary>
    public static bool IsAttestationManifest(Descriptor entry) =>
        entry.Platform is { Os: "unknown", Architecture: "unknown" }
        || entry.Annotations?.GetValueOrDefault(ReferenceTypeAnnotation) == AttestationManifestType;

    private static async Task AddSubjectsAsync(ManifestContent content, ManifestReader read, List<Digest> subjects, HashSet<Digest> seen, CancellationToken cancellationToken)
    {
        if (!seen.Add(content.Digest))
        {
            return;
        }

        subjects.Add(content.Digest);
        if (!content.IsIndex)
        {
            return;
        }

        foreach (var entry in content.AsIndex().Manifests)
        {
            if (seen.Contains(entry.Digest))
            {
                continue;
            }

            if (MediaTypes.IsIndex(entry.MediaType))
            {
                await AddSubjectsAsync(await read(entry, cancellationToken).ConfigureAwait(false), read, subjects, seen, cancellationToken).ConfigureAwait(false);
            }
            else if (MediaTypes.IsImageManifest(entry.MediaType))
            {
                seen.Add(entry.Digest);
                subjects.Add(entry.Digest);
            }
        }
    }

    private static async Task AddPlatformImagesAsync(ImageIndex index, ManifestReader read, List<IndexedImage> images, HashSet<Digest> seen, CancellationToken cancellationToken)
    {
        foreach (var entry in index.Manifests)
        {
            if (!seen.Add(entry.Digest))
            {
                continue;
            }

            if (MediaTypes.IsIndex(entry.MediaType))
            {
                var nested = await read(entry, cancellationToken).ConfigureAwait(false);
                await AddPlatformImagesAsync(nested.AsIndex(), read, images, seen, cancellationToken).ConfigureAwait(false);
            }
            else if (IsPlatformImage(entry))
            {
                images.Add(new IndexedImage(entry, await read(entry, cancellationToken).ConfigureAwait(false)));
            }
        }
    }
}
