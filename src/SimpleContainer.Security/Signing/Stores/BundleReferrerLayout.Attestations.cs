using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// Attestations in the bundle layout (cosign 3's <c>attest --new-bundle-format</c>): a Sigstore bundle holding the DSSE
/// envelope, pushed as an OCI 1.1 referrer with <c>dev.sigstore.bundle.predicateType</c> naming the predicate; the
/// tag-schema fallback index on registries without the referrers API.
/// </summary>
public sealed partial class BundleReferrerLayout : IAttestationStore
{
    /// <summary>The bundle carries what a keyless signer returned (certificate, Rekor entry, timestamps), as for signatures.</summary>
    public Task AttachAsync(ImageReference subject, SignedAttestation attestation, CancellationToken cancellationToken) =>
        AttachAsync(subject, ToBundle(attestation.Envelope, attestation.Material, attestation.PublicKeyHint), attestation.PredicateType, cancellationToken);

    public async Task<IReadOnlyList<StoredAttestation>> ReadAttestationsAsync(ImageReference subject, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var referrers = await client.GetReferrersAsync(subject, digest, SigstoreBundle.MediaType, cancellationToken).ConfigureAwait(false);
        var attestations = new List<StoredAttestation>();
        var budget = SignatureReadBudget.ForAttestations();
        foreach (var referrer in referrers.Referrers.Take(MaxBundles))
        {
            var annotated = referrer.Annotations?.GetValueOrDefault(SigstoreBundleConventions.PredicateTypeAnnotation);
            if (annotated == InTotoStatement.CosignSignPredicateType)
            {
                continue;
            }

            try
            {
                var manifest = (await client.GetManifestAsync(ImageReference.Create(subject.Registry, subject.Repository, digest: referrer.Digest), cancellationToken).ConfigureAwait(false)).AsManifest();
                annotated ??= manifest.Annotations?.GetValueOrDefault(SigstoreBundleConventions.PredicateTypeAnnotation);
                if (annotated == InTotoStatement.CosignSignPredicateType)
                {
                    continue;
                }

                foreach (var layer in manifest.Layers.Where(l => l.MediaType == SigstoreBundle.MediaType))
                {
                    var (bytes, problem) = await budget.ReadAsync(client, subject, layer, cancellationToken).ConfigureAwait(false);
                    attestations.Add(bytes is null
                        ? StoredAttestation.Unreadable(Name, $"the bundle {layer.Digest} of referrer {referrer.Digest}: {problem}")
                        : Parsed(SigstoreBundle.Parse(bytes), annotated));
                }
            }
            catch (ScException ex)
            {
                attestations.Add(StoredAttestation.Unreadable(Name, $"the referrer {referrer.Digest} is unreadable: {ex.Diagnostic.Message}"));
            }
        }

        return attestations;
    }

    private StoredAttestation Parsed(SigstoreBundle bundle, string? annotated) => new(Name, bundle.Envelope, annotated, Bundle: bundle);
}
