using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Attestation;

/// <summary>
/// Attests images: one statement about every subject, signed once through <see cref="DsseSigning"/>, attached to each
/// subject in every store, then (when <c>verifyWith</c> is given) read back from each store and verified. Used by the
/// attest stage and by <c>sc sbom attach</c> / <c>sc provenance attach</c>.
/// </summary>
public sealed class ImageAttester(IReadOnlyList<IAttestationStore> stores)
{
    public static InTotoStatement Statement(IEnumerable<ImageReference> subjects, string predicateType, JsonNode predicate) =>
        new([.. subjects.Select(s => new InTotoSubject(s.Name, new Dictionary<string, string> { [s.Digest!.Value.Algorithm] = s.Digest!.Value.Hex }))], predicateType, predicate);

    public async Task<SignedEnvelope> AttestAsync(InTotoStatement statement, IReadOnlyList<ImageReference> subjects, IPayloadSigner signer, IVerificationKey? verifyWith, CancellationToken cancellationToken)
    {
        var signed = await DsseSigning.SignStatementAsync(signer, statement, cancellationToken).ConfigureAwait(false);
        foreach (var subject in subjects)
        {
            foreach (var store in stores)
            {
                await store.AttachAsync(subject, new SignedAttestation(signed.Envelope, signed.Material, statement.PredicateType, signer.PublicKeyHint), cancellationToken).ConfigureAwait(false);
            }

            if (verifyWith is not null)
            {
                await VerifyEveryLayoutAsync(subject, verifyWith, statement.PredicateType, cancellationToken).ConfigureAwait(false);
            }
        }

        return signed;
    }

    /// <summary>Each layout written must hold a verified attestation of that type for the subject.</summary>
    private async Task VerifyEveryLayoutAsync(ImageReference subject, IVerificationKey key, string predicateType, CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            var report = await new AttestationVerifier([store]).VerifyAsync(subject, key, new AttestationExpectations { PredicateType = predicateType }, cancellationToken).ConfigureAwait(false);
            if (!report.Verified)
            {
                throw new ScException(DiagnosticIds.AttestationVerifyAfterWriteFailed, subject, store.Name, string.Join("; ", report.Verdicts.Select(v => $"{v.FailedCheck}: {v.Detail}").DefaultIfEmpty("nothing was read back")));
            }
        }
    }
}
