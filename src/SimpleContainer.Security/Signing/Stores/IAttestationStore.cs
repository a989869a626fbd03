using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>A signed attestation ready to store: the envelope, what the signer returned, and its predicate type.</summary>
public sealed record SignedAttestation(DsseEnvelope Envelope, SignatureMaterial Material, string PredicateType, string? PublicKeyHint);

/// <summary>
/// One attestation as found in a store: its DSSE envelope and the predicate type the store's annotation claims (the
/// verifier trusts only the signed statement); or, when <see cref="Problem"/> is set, one that could not be read.
/// A keyless attestation's certificate and log entry travel in <see cref="Annotations"/> (the legacy layer's cosign
/// annotations) or in <see cref="Bundle"/> (the Sigstore bundle it was read from).
/// </summary>
public sealed record StoredAttestation(
    string Layout,
    DsseEnvelope? Envelope,
    string? AnnotatedPredicateType,
    string? Problem = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    Sigstore.SigstoreBundle? Bundle = null)
{
    public static StoredAttestation Unreadable(string layout, string problem) => new(layout, null, null, problem);
}

/// <summary>
/// An on-registry attestation layout. Each signature layout class also holds its attestation twin (as cosign keeps
/// <c>.sig</c> and <c>.att</c> in one place): <see cref="CosignTagLayout"/> the <c>.att</c> tag,
/// <see cref="BundleReferrerLayout"/> the DSSE bundle referrer.
/// </summary>
public interface IAttestationStore
{
    string Name { get; }

    /// <summary>Every attestation stored for <paramref name="subject"/> (pinned by digest); empty when there are none.</summary>
    Task<IReadOnlyList<StoredAttestation>> ReadAttestationsAsync(ImageReference subject, CancellationToken cancellationToken);

    /// <summary>Adds the attestation, keeping every one already there (concurrent writers included).</summary>
    Task AttachAsync(ImageReference subject, SignedAttestation attestation, CancellationToken cancellationToken);
}
