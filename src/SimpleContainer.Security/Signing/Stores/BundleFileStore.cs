using SimpleContainer.Security.Diagnostics;
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

        if (new SignatureReadBudget().Reserve(new FileInfo(path).Length) is { } problem)
        {
            return [StoredSignature.Unreadable(Name, SignedContentKind.InTotoStatement, $"the bundle file {path}: {problem}")];
        }

        try
        {
            var bundle = SigstoreBundle.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            return BundleReferrerLayout.ToSignatures(bundle, Name, new Dictionary<string, string>()).ToList();
        }
        catch (ScException ex)
        {
            return [StoredSignature.Unreadable(Name, SignedContentKind.InTotoStatement, $"the bundle file {path} is unreadable: {ex.Diagnostic.Message}")];
        }
    }

    public Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A bundle file is written by the signing stage in archive mode, not through a store.");
}
