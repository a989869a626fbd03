using System.Text.Json;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// Cosign's legacy attestation layout (<c>cosign attest</c>): tag <c>sha256-&lt;hex&gt;.att</c>, the same manifest shape
/// as <c>.sig</c>, one layer per attestation holding the whole DSSE envelope (media type
/// <c>application/vnd.dsse.envelope.v1+json</c>), an empty signature annotation (the signature is inside the
/// envelope) and the <c>predicateType</c> annotation. Appending merges under concurrency like the signatures do.
/// </summary>
public sealed partial class CosignTagLayout : IAttestationStore
{
    public async Task<IReadOnlyList<StoredAttestation>> ReadAttestationsAsync(ImageReference subject, CancellationToken cancellationToken)
    {
        var tag = TagFor(subject, CosignConventions.AttestationTagSuffix);
        var manifest = await ReadManifestAsync(tag, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return [];
        }

        var attestations = new List<StoredAttestation>();
        var budget = SignatureReadBudget.ForAttestations();
        foreach (var layer in manifest.Layers.Where(l => l.MediaType == CosignConventions.DsseEnvelopeMediaType))
        {
            var annotated = layer.Annotations?.GetValueOrDefault(CosignConventions.PredicateTypeAnnotation);
            try
            {
                var (bytes, problem) = await budget.ReadAsync(client, tag, layer, cancellationToken).ConfigureAwait(false);
                attestations.Add(bytes is null
                    ? StoredAttestation.Unreadable(Name, $"the envelope {layer.Digest}: {problem}")
                    : new StoredAttestation(Name, JsonSerializer.Deserialize<DsseEnvelope>(bytes, OciJson.Options), annotated, Annotations: layer.Annotations));
            }
            catch (Exception ex) when (ex is ScException or JsonException)
            {
                attestations.Add(StoredAttestation.Unreadable(Name, $"the envelope {layer.Digest} is unreadable: {(ex is ScException sc ? sc.Diagnostic.Message : ex.Message)}"));
            }
        }

        return attestations;
    }

    public async Task AttachAsync(ImageReference subject, SignedAttestation attestation, CancellationToken cancellationToken)
    {
        var tag = TagFor(subject, CosignConventions.AttestationTagSuffix);
        var annotations = new Dictionary<string, string>
        {
            [CosignConventions.SignatureAnnotation] = string.Empty,
            [CosignConventions.PredicateTypeAnnotation] = attestation.PredicateType,
        };
        if (attestation.Material.CertificatePem is not null)
        {
            annotations[CosignConventions.CertificateAnnotation] = attestation.Material.CertificatePem;
            annotations[CosignConventions.ChainAnnotation] = attestation.Material.ChainPem ?? string.Empty;
        }

        if (attestation.Material.RekorBundleJson is not null)
        {
            annotations[CosignConventions.BundleAnnotation] = attestation.Material.RekorBundleJson;
        }

        var envelope = attestation.Envelope.ToJsonBytes();
        var layer = await client.PushBlobAsync(tag, CosignConventions.DsseEnvelopeMediaType, envelope, cancellationToken).ConfigureAwait(false) with { Annotations = annotations };
        IReadOnlyList<Descriptor> current = [];
        Digest? observed = null;
        await ConfirmedTagUpdate.RunAsync(
            async ct =>
            {
                var read = await ReadManifestContentAsync(tag, ct).ConfigureAwait(false);
                (current, observed) = (read?.Manifest.Layers ?? [], read?.Digest);
                return current.Any(l => l.Digest == layer.Digest);
            },
            ct => PushManifestAsync(tag, [.. current, layer], observed, ct),
            () => new ScException(DiagnosticIds.AttestationFailed, subject, $"the attestation tag {tag.Tag} kept changing under concurrent writers"),
            timeProvider ?? TimeProvider.System,
            cancellationToken).ConfigureAwait(false);
    }
}
