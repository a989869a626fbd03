using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>A Sigstore bundle kept in a file (archive mode, before the image reaches a registry). Read-only.</summary>
public sealed class BundleFileStore(string path) : ISignatureStore
{
    public string Name => "bundle-file";

    public async Task<IReadOnlyList<StoredSignature>> ReadAsync(ImageReference subject, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bundle = SigstoreBundle.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        return BundleReferrerLayout.ToSignatures(bundle, Name, new Dictionary<string, string>()).ToList();
    }

    public Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A bundle file is written by the signing stage in archive mode, not through a store.");
}
