using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// Cosign's legacy layout: tag <c>sha256-&lt;hex&gt;.sig</c> in the image's repository (or <c>COSIGN_REPOSITORY</c>),
/// an OCI manifest with one simple-signing layer per signature and the signature in the layer's annotation.
/// Adding a signature re-reads and merges until the entry is confirmed, so concurrent signers all end up present
/// (cosign itself has a lost-update race here).
/// </summary>
public sealed partial class CosignTagLayout(RegistryClient client, ImageReference? signatureRepository = null, TimeProvider? timeProvider = null) : ISignatureStore
{
    public const int MaxSignatures = 1000;

    public string Name => "legacy";

    /// <summary>The tag holding the signatures of <paramref name="subject"/>.</summary>
    public ImageReference TagFor(ImageReference subject, string suffix = CosignConventions.SignatureTagSuffix)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var repository = signatureRepository ?? subject;
        return ImageReference.Create(repository.Registry, repository.Repository, digest.ToTagPrefix() + suffix);
    }

    public async Task<IReadOnlyList<StoredSignature>> ReadAsync(ImageReference subject, CancellationToken cancellationToken)
    {
        var tag = TagFor(subject);
        var manifest = await ReadManifestAsync(tag, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return [];
        }

        var signatures = new List<StoredSignature>();
        var budget = new SignatureReadBudget();
        foreach (var layer in manifest.Layers.Where(l => l.MediaType == CosignConventions.SimpleSigningMediaType))
        {
            var annotations = layer.Annotations ?? new Dictionary<string, string>();
            if (!annotations.TryGetValue(CosignConventions.SignatureAnnotation, out var encoded) || !TryDecode(encoded, out var signature))
            {
                continue;
            }

            try
            {
                var (payload, problem) = await budget.ReadAsync(client, tag, layer, cancellationToken).ConfigureAwait(false);
                signatures.Add(payload is null
                    ? StoredSignature.Unreadable(Name, SignedContentKind.SimpleSigning, $"the payload {layer.Digest}: {problem}")
                    : new StoredSignature(Name, SignedContentKind.SimpleSigning, payload, payload, signature, annotations));
            }
            catch (ScException ex)
            {
                signatures.Add(StoredSignature.Unreadable(Name, SignedContentKind.SimpleSigning, $"the payload {layer.Digest} is unreadable: {ex.Diagnostic.Message}"));
            }
        }

        return signatures;
    }

    public async Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        var payload = new SimpleSigningPayload(subject.Name, subject.Digest!.Value, annotations).ToBytes();
        var material = await signer.SignAsync(payload, cancellationToken).ConfigureAwait(false);
        await WriteAsync(subject, payload, material, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds an already-made signature (for example from a bundle file made in archive mode).</summary>
    public async Task WriteAsync(ImageReference subject, byte[] payload, SignatureMaterial material, CancellationToken cancellationToken)
    {
        var tag = TagFor(subject);
        var layerAnnotations = new Dictionary<string, string> { [CosignConventions.SignatureAnnotation] = Convert.ToBase64String(material.Signature) };
        if (material.CertificatePem is not null)
        {
            layerAnnotations[CosignConventions.CertificateAnnotation] = material.CertificatePem;
            layerAnnotations[CosignConventions.ChainAnnotation] = material.ChainPem ?? string.Empty;
        }

        if (material.RekorBundleJson is not null)
        {
            layerAnnotations[CosignConventions.BundleAnnotation] = material.RekorBundleJson;
        }

        if (material.Rfc3161Timestamp is not null)
        {
            layerAnnotations[CosignConventions.Rfc3161TimestampAnnotation] = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["SignedRFC3161Timestamp"] = Convert.ToBase64String(material.Rfc3161Timestamp) });
        }

        var layer = await client.PushBlobAsync(tag, CosignConventions.SimpleSigningMediaType, payload, cancellationToken).ConfigureAwait(false) with { Annotations = layerAnnotations };
        IReadOnlyList<Descriptor> current = [];
        Digest? observed = null;
        await ConfirmedTagUpdate.RunAsync(
            async ct =>
            {
                var read = await ReadManifestContentAsync(tag, ct).ConfigureAwait(false);
                (current, observed) = (read?.Manifest.Layers ?? [], read?.Digest);
                return current.Any(l => SameSignature(l, layer));
            },
            ct => PushManifestAsync(tag, [.. current, layer], observed, ct),
            () => new ScException(DiagnosticIds.SigningFailed, subject, $"the signature tag {tag.Tag} kept changing under concurrent signers"),
            timeProvider ?? TimeProvider.System,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the manifest for a set of layers: config blob first (its diff_ids name the layers), then the manifest,
    /// unless the tag moved away from <paramref name="observed"/> meanwhile.
    /// </summary>
    internal async Task PushManifestAsync(ImageReference tag, IReadOnlyList<Descriptor> layers, Digest? observed, CancellationToken cancellationToken)
    {
        var config = OciJson.Serialize(new
        {
            architecture = string.Empty,
            os = string.Empty,
            config = new { },
            rootfs = new { type = "layers", diff_ids = layers.Select(l => l.Digest.ToString()).ToArray() },
        });
        var configDescriptor = await client.PushBlobAsync(tag, MediaTypes.OciConfig, config, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = layers };
        await ConfirmedTagUpdate.PutIfUnchangedAsync(client, tag, observed, OciJson.Serialize(manifest), MediaTypes.OciManifest, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<ImageManifest?> ReadManifestAsync(ImageReference tag, CancellationToken cancellationToken) =>
        (await ReadManifestContentAsync(tag, cancellationToken).ConfigureAwait(false))?.Manifest;

    internal async Task<(ImageManifest Manifest, Digest Digest)?> ReadManifestContentAsync(ImageReference tag, CancellationToken cancellationToken)
    {
        ManifestContent content;
        try
        {
            content = await client.GetManifestAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.ManifestNotFound)
        {
            return null;
        }

        if (content.IsIndex)
        {
            throw new ScException(DiagnosticIds.SignatureManifestInvalid, tag, "it is an index, not an image manifest");
        }

        var manifest = content.AsManifest();
        if (manifest.Layers.Count > MaxSignatures)
        {
            throw new ScException(DiagnosticIds.TooManySignatures, tag, manifest.Layers.Count, MaxSignatures);
        }

        return (manifest, content.Digest);
    }

    private static bool SameSignature(Descriptor a, Descriptor b) =>
        a.Digest == b.Digest
        && a.Annotations?.GetValueOrDefault(CosignConventions.SignatureAnnotation) == b.Annotations?.GetValueOrDefault(CosignConventions.SignatureAnnotation);

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(base64);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
