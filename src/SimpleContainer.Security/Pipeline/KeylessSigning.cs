using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;

namespace SimpleContainer.Security.Pipeline;

/// <summary>
/// The signing stage's keyless path: an identity token, a Fulcio certificate for an in-memory key, a Rekor entry per
/// signature; the signatures go to the configured layouts and every one is also written to <c>sc-security/</c> as a
/// Sigstore bundle (<c>signature[-&lt;digest&gt;][.legacy].sigstore.json</c>), evidence a user can archive.
/// </summary>
public sealed class KeylessSigning(RegistryClient client, Func<string, string?> getVariable)
{
    public const string BundleExtension = ".sigstore.json";
    public const string KeylessBundleKind = "SigstoreBundle";
    private static readonly JsonSerializerOptions RecordJson = new() { WriteIndented = true };

    /// <summary>Keyless when asked for, or when nothing says otherwise, no key is configured and a CI token is there.</summary>
    public static bool Applies(SigningOptions options, Func<string, string?> getVariable) =>
        options.Keyless == true
        || (options.Keyless is null && string.IsNullOrWhiteSpace(options.KeyPath) && new OidcTokenProvider(getVariable).IsAvailable(options.KeylessServices.Oidc));

    /// <param name="signer">The build's keyless signer (<see cref="BuildSigner"/>), which the attest stage shares.</param>
    public async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout? layout, SigningOptions options, KeylessSigner signer, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(record.Digest);
        var artifacts = new List<SecurityArtifact>();
        long? logIndex = null;
        var trustNotes = new List<ScDiagnostic>();

        async Task EvidenceAsync(string name, byte[] bundle)
        {
            if (layout is not null)
            {
                var path = Path.Combine(layout.Root, name);
                await AtomicFile.WriteAllBytesAsync(path, bundle, cancellationToken).ConfigureAwait(false);
                artifacts.Add(new SecurityArtifact(path, KeylessBundleKind, record.Digest));
            }
        }

        if (!record.Pushed || record.Reference is null)
        {
            var archiveBundle = await BundleReferrerLayout.CreateBundleAsync(record.Repository, digest, signer, options.Annotations, cancellationToken).ConfigureAwait(false);
            await EvidenceAsync(BundleName(null, legacy: false), archiveBundle.ToBytes()).ConfigureAwait(false);
            return Succeeded(record.Repository + "@" + digest, signer, "archive bundle", null, artifacts);
        }

        var image = ImageReference.Parse(record.Reference);
        var subjects = await ImageSigner.SubjectsAsync(client, image, cancellationToken).ConfigureAwait(false);
        var legacyStore = options.Format is SigningFormat.Legacy or SigningFormat.Both
            ? new CosignTagLayout(client, (options.SignatureRepository ?? getVariable(CosignConventions.RepositoryVariable)) is { Length: > 0 } repo ? ImageReference.Parse(repo) : null)
            : null;
        var bundleStore = options.Format is SigningFormat.Bundle or SigningFormat.Both ? new BundleReferrerLayout(client) : null;
        foreach (var subject in subjects)
        {
            var childHex = subject.Digest == digest ? null : subject.Digest!.Value.Hex;
            if (legacyStore is not null)
            {
                var payload = new SimpleSigningPayload(subject.Name, subject.Digest!.Value, options.Annotations).ToBytes();
                var material = await signer.SignAsync(payload, cancellationToken).ConfigureAwait(false);
                await legacyStore.WriteAsync(subject, payload, material, cancellationToken).ConfigureAwait(false);
                await EvidenceAsync(BundleName(childHex, legacy: bundleStore is not null), MessageSignatureBundle.Create(payload, material)).ConfigureAwait(false);
                logIndex ??= material.TlogEntry?.LogIndex;
            }

            if (bundleStore is not null)
            {
                var bundle = await BundleReferrerLayout.CreateBundleAsync(subject.Name, subject.Digest!.Value, signer, options.Annotations, cancellationToken).ConfigureAwait(false);
                await bundleStore.AttachAsync(subject, bundle, cancellationToken).ConfigureAwait(false);
                await EvidenceAsync(BundleName(childHex, legacy: false), bundle.ToBytes()).ConfigureAwait(false);
            }
        }

        List<ISignatureStore> stores = [.. new ISignatureStore?[] { legacyStore, bundleStore }.OfType<ISignatureStore>()];
        if (options.VerifyAfterSigning)
        {
            var verifyKey = await VerifyAfterSigningKeyAsync(options, signer, getVariable, trustNotes.Add, cancellationToken).ConfigureAwait(false);
            await SigningStage.VerifyEveryLayoutAsync(stores, subjects, verifyKey, new VerificationPolicy { RequiredAnnotations = options.Annotations }, cancellationToken).ConfigureAwait(false);
        }

        if (layout is not null)
        {
            var recordPath = Path.Combine(layout.Root, SecurityArtifactLayout.SignatureRecordFileName);
            await AtomicFile.WriteAllBytesAsync(
                recordPath,
                JsonSerializer.SerializeToUtf8Bytes(
                    new { subjects = subjects.Select(s => s.ToString()).ToList(), layouts = stores.Select(s => s.Name).ToList(), keyless = new { identity = signer.Identity.Identity, issuer = signer.Identity.Issuer }, verifiedAfterSigning = options.VerifyAfterSigning },
                    RecordJson),
                cancellationToken).ConfigureAwait(false);
            artifacts.Insert(0, new SecurityArtifact(recordPath, SecurityArtifactLayout.SignatureKind, record.Digest));
        }

        var result = Succeeded(image.ToString(), signer, "builtin keyless: " + string.Join("+", stores.Select(s => s.Name)), logIndex, artifacts);
        return result with { Diagnostics = [.. trustNotes, .. result.Diagnostics] };
    }

    /// <summary>
    /// The full keyless verification (trusted root, log entry, chain, identity: the configured policy, else the signer's
    /// own identity) when there is a root to check against: ScTrustedRoot, a private TUF repository (ScTufRoot), or the
    /// public-good root (refreshed by TUF) for the public Fulcio. A private Fulcio with neither leaves only the
    /// certificate's key to check what was read back.
    /// </summary>
    internal static async Task<IVerificationKey> VerifyAfterSigningKeyAsync(SigningOptions options, KeylessSigner signer, Func<string, string?> getVariable, Action<ScDiagnostic> report, CancellationToken cancellationToken)
    {
        if (options.TrustedRootPath is null && options.TufRootPath is null && options.KeylessServices.FulcioUrl != KeylessOptions.ServiceUri(KeylessOptions.PublicFulcioUrl))
        {
            return VerificationKey.FromSubjectPublicKeyInfo(signer.Certificate.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        }

        var policy = options.IdentityPolicy ?? Sigstore.Verification.IdentityPolicy.Create(signer.Identity.Identity, null, signer.Identity.Issuer, null);
        var root = await Sigstore.Trust.TrustedRootResolver.ResolveAsync(
            new Sigstore.Trust.TrustedRootOptions
            {
                TrustedRootPath = options.TrustedRootPath,
                TufUrl = options.TufUrl,
                TufRootPath = options.TufRootPath,
                CacheFolder = Sigstore.Trust.TrustedRootOptions.DefaultCacheFolder(getVariable),
                Handler = options.KeylessServices.Handler,
            },
            report,
            cancellationToken).ConfigureAwait(false);
        return new Sigstore.Verification.KeylessSignatureAuthority(new Sigstore.Verification.KeylessVerifier(root, policy));
    }

    private static StageResult Succeeded(string image, KeylessSigner signer, string how, long? logIndex, List<SecurityArtifact> artifacts) =>
        new(SigningStage.Name, StageOutcome.Succeeded, [new ScDiagnostic(DiagnosticIds.KeylessSigned, DiagnosticSeverity.Message, image, signer.Identity.Identity, signer.Identity.Issuer ?? "(none)", how, logIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")], artifacts);

    private static string BundleName(string? childHex, bool legacy) =>
        "signature" + (childHex is null ? string.Empty : "-" + childHex[..12]) + (legacy ? ".legacy" : string.Empty) + BundleExtension;
}
