using System.Globalization;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// Cosign 3's layout: a Sigstore bundle v0.3 pushed as an OCI 1.1 referrer of the image (artifactType and layer
/// <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>, empty config, annotations naming the content and predicate
/// type). The bundle holds a DSSE envelope over an in-toto statement with predicate type
/// <c>https://sigstore.dev/cosign/sign/v1</c> whose subject is the image digest. Registries without the referrers API
/// get the tag-schema fallback index.
/// </summary>
public sealed partial class BundleReferrerLayout(RegistryClient client, TimeProvider? timeProvider = null) : ISignatureStore
{
    private const int MaxBundles = 256;

    public string Name => "bundle";

    public async Task<IReadOnlyList<StoredSignature>> ReadAsync(ImageReference subject, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var referrers = await client.GetReferrersAsync(subject, digest, SigstoreBundle.MediaType, cancellationToken).ConfigureAwait(false);
        var signatures = new List<StoredSignature>();
        var budget = new SignatureReadBudget();
        foreach (var referrer in referrers.Referrers.Take(MaxBundles))
        {
            if (referrer.Annotations?.GetValueOrDefault(SigstoreBundleConventions.PredicateTypeAnnotation) is { } predicate && predicate != InTotoStatement.CosignSignPredicateType)
            {
                continue;
            }

            // Anyone who can push to the repository can add a referrer: a malformed one is one failed check.
            try
            {
                var manifest = (await client.GetManifestAsync(ImageReference.Create(subject.Registry, subject.Repository, digest: referrer.Digest), cancellationToken).ConfigureAwait(false)).AsManifest();
                foreach (var layer in manifest.Layers.Where(l => l.MediaType == SigstoreBundle.MediaType))
                {
                    var (bytes, problem) = await budget.ReadAsync(client, subject, layer, cancellationToken).ConfigureAwait(false);
                    signatures.AddRange(bytes is null
                        ? [StoredSignature.Unreadable(Name, SignedContentKind.InTotoStatement, $"the bundle {layer.Digest} of referrer {referrer.Digest}: {problem}")]
                        : ToSignatures(SigstoreBundle.Parse(bytes), Name, manifest.Annotations ?? new Dictionary<string, string>()));
                }
            }
            catch (ScException ex)
            {
                signatures.Add(StoredSignature.Unreadable(Name, SignedContentKind.InTotoStatement, $"the referrer {referrer.Digest} is unreadable: {ex.Diagnostic.Message}"));
            }
        }

        return signatures;
    }

    public async Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var bundle = await CreateBundleAsync(subject.Name, digest, signer, annotations, cancellationToken).ConfigureAwait(false);
        await AttachAsync(subject, bundle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds and signs the bundle for an image without touching a registry (archive mode).</summary>
    public static async Task<SigstoreBundle> CreateBundleAsync(string subjectName, Digest digest, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken)
    {
        JsonObject predicate = [];
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            predicate[key] = value;
        }

        var statement = new InTotoStatement(
            [new InTotoSubject(subjectName, new Dictionary<string, string> { [digest.Algorithm] = digest.Hex })],
            InTotoStatement.CosignSignPredicateType,
            predicate).ToBytes();
        var (envelope, material) = await DsseSigning.SignAsync(signer, DsseEnvelope.InTotoPayloadType, statement, cancellationToken).ConfigureAwait(false);
        return ToBundle(envelope, material, signer);
    }

    /// <summary>Pushes a bundle as a referrer of <paramref name="subject"/>: blobs first, then the manifest, then the fallback index.</summary>
    public Task AttachAsync(ImageReference subject, SigstoreBundle bundle, CancellationToken cancellationToken) =>
        AttachAsync(subject, bundle, InTotoStatement.CosignSignPredicateType, cancellationToken);

    private async Task AttachAsync(ImageReference subject, SigstoreBundle bundle, string predicateType, CancellationToken cancellationToken)
    {
        var digest = subject.Digest ?? throw new ArgumentException("The subject must be pinned by digest.", nameof(subject));
        var subjectDescriptor = await client.ResolveAsync(subject, cancellationToken).ConfigureAwait(false);
        var config = await client.PushBlobAsync(subject, MediaTypes.OciEmpty, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var layer = await client.PushBlobAsync(subject, SigstoreBundle.MediaType, bundle.ToBytes(), cancellationToken).ConfigureAwait(false);
        var created = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = SigstoreBundle.MediaType,
            Config = config,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subjectDescriptor.MediaType, Digest = digest, Size = subjectDescriptor.Size },
            Annotations = new Dictionary<string, string>
            {
                [SigstoreBundleConventions.ContentAnnotation] = SigstoreBundleConventions.DsseEnvelopeContent,
                [SigstoreBundleConventions.PredicateTypeAnnotation] = predicateType,
                [SigstoreBundleConventions.CreatedAnnotation] = created,
            },
        };
        await client.PushReferrerAsync(subject, OciJson.Serialize(manifest), MediaTypes.OciManifest, digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The signatures a bundle carries, in the form the verifier checks.</summary>
    public static IEnumerable<StoredSignature> ToSignatures(SigstoreBundle bundle, string layout, IReadOnlyDictionary<string, string> annotations)
    {
        // The key signs PAE(payloadType, payload): a signature over another payload type is not an in-toto statement,
        // whatever its bytes look like.
        if (bundle.Envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            return [StoredSignature.Unreadable(layout, SignedContentKind.InTotoStatement, $"the DSSE payload type is '{bundle.Envelope.PayloadType}', not '{DsseEnvelope.InTotoPayloadType}'")];
        }

        byte[] statement;
        try
        {
            statement = bundle.Envelope.PayloadBytes;
        }
        catch (FormatException)
        {
            return [StoredSignature.Unreadable(layout, SignedContentKind.InTotoStatement, "the DSSE payload is not base64")];
        }

        return SignaturesOf(statement, bundle, layout, annotations);
    }

    private static IEnumerable<StoredSignature> SignaturesOf(byte[] statement, SigstoreBundle bundle, string layout, IReadOnlyDictionary<string, string> annotations)
    {
        var signedBytes = DsseEnvelope.PreAuthenticationEncoding(bundle.Envelope.PayloadType, statement);
        foreach (var signature in bundle.Envelope.Signatures)
        {
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(signature.Sig);
            }
            catch (FormatException)
            {
                continue;
            }

            yield return new StoredSignature(layout, SignedContentKind.InTotoStatement, statement, signedBytes, raw, annotations, Bundle: bundle);
        }
    }

    /// <summary>A bundle of a signed envelope: the key hint, or a keyless signer's certificate, Rekor entry and timestamps.</summary>
    public static SigstoreBundle ToBundle(DsseEnvelope envelope, SignatureMaterial material, IPayloadSigner signer) =>
        ToBundle(envelope, material, signer.PublicKeyHint);

    internal static SigstoreBundle ToBundle(DsseEnvelope envelope, SignatureMaterial material, string? publicKeyHint) =>
        new(
            envelope,
            publicKeyHint,
            material.CertificatePem is null ? null : PemBody(material.CertificatePem),
            material.TlogEntry is null ? null : new JsonArray(material.TlogEntry.ToBundleJson()))
        {
            Rfc3161Timestamps = material.Rfc3161Timestamp is null ? [] : [material.Rfc3161Timestamp],
        };

    private static string PemBody(string pem)
    {
        var lines = pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal));
        return string.Concat(lines);
    }
}
