using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Signs an image by digest into every configured layout. For an index it signs the index and every platform
/// manifest (attestation manifests and nested indexes included), as <c>cosign sign --recursive</c> does, index first.
/// </summary>
public sealed class ImageSigner(RegistryClient client, IReadOnlyList<ISignatureStore> stores)
{
    public async Task<IReadOnlyList<ImageReference>> SignAsync(ImageReference image, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        var subjects = await SubjectsAsync(client, image, cancellationToken).ConfigureAwait(false);
        foreach (var subject in subjects)
        {
            foreach (var store in stores)
            {
                await store.SignAsync(subject, signer, annotations, cancellationToken).ConfigureAwait(false);
            }
        }

        return subjects;
    }

    /// <summary>The digests a recursive signature covers, as <see cref="ImageIndexWalk.SigningSubjectsAsync"/> walks them.</summary>
    public static async Task<IReadOnlyList<ImageReference>> SubjectsAsync(RegistryClient client, ImageReference image, CancellationToken cancellationToken)
    {
        var top = await client.GetManifestAsync(image, cancellationToken).ConfigureAwait(false);
        var digests = await ImageIndexWalk.SigningSubjectsAsync(
            top, (entry, ct) => client.GetManifestAsync(image.Pinned(entry.Digest), ct), cancellationToken).ConfigureAwait(false);
        return [.. digests.Select(image.Pinned)];
    }
}
