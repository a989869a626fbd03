using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Pipeline;

/// <summary>
/// Signs the published image (the index and every platform manifest) in the configured layouts and reads the
/// signatures back to verify them. In archive mode nothing is pushed: the signature goes to a bundle file under
/// <c>sc-security/</c>. Fails open (a warning) unless the stage is required.
/// </summary>
public sealed class SigningStage(RegistryClient client, Func<string, string?> getVariable, BuildSigner? buildSigner = null)
{
    public const string Name = "sign";
    private static readonly JsonSerializerOptions RecordJson = new() { WriteIndented = true };

    /// <summary>Signs and verifies; <c>signature.json</c> (or, in archive mode, the bundle) goes to <paramref name="layout"/>, none when it is null.</summary>
    public async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout? layout, SigningOptions options, CancellationToken cancellationToken)
    {
        var subject = record.Subject;
        try
        {
            return await RunCoreAsync(record, layout, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            return StageResult.FromFailure(Name, ex.Diagnostic, options.Required, DiagnosticIds.SigningFailed, subject);
        }
    }

    private async Task<StageResult> RunCoreAsync(ImageRecord record, SecurityArtifactLayout? layout, SigningOptions options, CancellationToken cancellationToken)
    {
        // The key is decrypted, or the keyless certificate requested, once per build and shared with the attest stage;
        // a stage run alone owns its own.
        using var owned = buildSigner is null ? new BuildSigner(getVariable) : null;
        var keys = buildSigner ?? owned!;
        if (keys.IsKeyless(options))
        {
            var keyless = await keys.KeylessSignerAsync(options, cancellationToken).ConfigureAwait(false);
            return await new KeylessSigning(client, getVariable).RunAsync(record, layout, options, keyless, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(options.KeyPath))
        {
            throw new ScException(DiagnosticIds.SigningKeyMissing, record.Project);
        }

        var secrets = new Configuration.StackSecrets(options.ProjectDirectory ?? Path.GetDirectoryName(record.Project) ?? ".", options.Stack, getVariable);
        var password = SigningPassword.Resolve(options.PasswordReference, getVariable, secrets);
        var publicKey = options.PublicKeyPath is { Length: > 0 } publicPath
            ? Configuration.KeyReference.IsInline(publicPath) ? KeyFiles.ReadPublicKey(Configuration.KeyReference.ReadPem(publicPath, getVariable, secrets), "signing.publicKey") : KeyFiles.LoadPublicKey(publicPath)
            : null;
        if (options.Provider == SigningProvider.Cosign && Configuration.KeyReference.IsInline(options.KeyPath))
        {
            throw new ScException(DiagnosticIds.InlineKeyNeedsBuiltinProvider, Configuration.KeyReference.Describe(options.KeyPath));
        }

        // The cosign provider signs with whatever key cosign reads; we only need the public key to verify.
        var signer = options.Provider == SigningProvider.Cosign && publicKey is not null ? null : keys.KeyFor(options, record.Project);
        IVerificationKey verificationKey = (IVerificationKey?)publicKey ?? signer!;
        var digest = Digest.Parse(record.Digest);
        var policy = new VerificationPolicy { RequiredAnnotations = options.Annotations };

        if (!record.Pushed || record.Reference is null)
        {
            // Nothing to hand cosign without a registry: archive mode always signs in-process.
            return await SignArchiveAsync(record, layout ?? throw new InvalidOperationException("Archive mode writes the bundle into sc-security/."), options, signer ?? keys.KeyFor(options, record.Project), verificationKey, digest, policy, cancellationToken).ConfigureAwait(false);
        }

        var image = ImageReference.Parse(record.Reference);
        List<ISignatureStore> stores;
        IReadOnlyList<ImageReference> subjects;
        if (options.Provider == SigningProvider.Cosign)
        {
            // cosign 2 writes the legacy layout; our own code still reads it back to verify.
            stores = Stores(options with { Format = SigningFormat.Legacy });
            subjects = await ImageSigner.SubjectsAsync(client, image, cancellationToken).ConfigureAwait(false);
            await new CosignCliSigner(new Tools.ToolRunner(), RegistryTransportPolicy.FromEnvironment(getVariable), getVariable)
                .SignAsync(subjects, options, password, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stores = Stores(options);
            subjects = await new ImageSigner(client, stores).SignAsync(image, signer!, options.Annotations, cancellationToken).ConfigureAwait(false);
        }

        if (options.VerifyAfterSigning)
        {
            await VerifyEveryLayoutAsync(stores, subjects, verificationKey, policy, cancellationToken).ConfigureAwait(false);
        }

        var keyHint = signer?.PublicKeyHint ?? (options.PublicKeyPath is { } hint ? Configuration.KeyReference.Describe(hint) : null);
        var message = new ScDiagnostic(DiagnosticIds.ImageSigned, DiagnosticSeverity.Message, image, $"{options.Provider.ToString().ToLowerInvariant()}: {string.Join("+", stores.Select(s => s.Name))}", keyHint);
        if (layout is null)
        {
            return new StageResult(Name, StageOutcome.Succeeded, [message], []);
        }

        var recordPath = Path.Combine(layout.Root, SecurityArtifactLayout.SignatureRecordFileName);
        await WriteRecordAsync(recordPath, subjects.Select(s => s.ToString()).ToList(), stores.Select(s => s.Name).ToList(), keyHint, options.VerifyAfterSigning, cancellationToken).ConfigureAwait(false);
        return new StageResult(Name, StageOutcome.Succeeded, [message], [new SecurityArtifact(recordPath, SecurityArtifactLayout.SignatureKind, record.Digest)]);
    }

    /// <summary>
    /// Verify-after-signing, the one rule for every front door: each subject must have a verified signature in every
    /// layout written; one layout that does not verify fails the signing.
    /// </summary>
    public static async Task VerifyEveryLayoutAsync(IReadOnlyList<ISignatureStore> stores, IEnumerable<ImageReference> subjects, IVerificationKey key, VerificationPolicy policy, CancellationToken cancellationToken)
    {
        var verifier = new SignatureVerifier(stores);
        foreach (var signed in subjects)
        {
            var report = await verifier.VerifyAsync(signed, key, policy, cancellationToken).ConfigureAwait(false);
            var missing = stores.Where(s => !report.Checks.Any(c => c.Verified && c.Layout == s.Name)).Select(s => s.Name).ToList();
            if (missing.Count > 0)
            {
                throw new ScException(DiagnosticIds.VerifyAfterSigningFailed, signed, $"no verified signature in the {string.Join(", ", missing)} layout");
            }
        }
    }

    private static async Task<StageResult> SignArchiveAsync(
        ImageRecord record, SecurityArtifactLayout layout, SigningOptions options, KeyFileSigner signer, IVerificationKey verificationKey, Digest digest, VerificationPolicy policy, CancellationToken cancellationToken)
    {
        var bundle = await BundleReferrerLayout.CreateBundleAsync(record.Repository, digest, signer, options.Annotations, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(layout.Root, SecurityArtifactLayout.SignatureBundleFileName);
        await AtomicFile.WriteAllBytesAsync(path, bundle.ToBytes(), cancellationToken).ConfigureAwait(false);
        if (options.VerifyAfterSigning)
        {
            var subject = ImageReference.Create(record.Registry ?? "localhost", record.Repository, digest: digest);
            var report = await new SignatureVerifier([new BundleFileStore(path)]).VerifyAsync(subject, verificationKey, policy with { RequireMatchingRepository = false }, cancellationToken).ConfigureAwait(false);
            if (!report.Verified)
            {
                throw new ScException(DiagnosticIds.VerifyAfterSigningFailed, subject, (report.Checks.Count > 0 ? report.Checks[0].Detail : "the bundle holds no signature"));
            }
        }

        return new StageResult(Name, StageOutcome.Succeeded, [new ScDiagnostic(DiagnosticIds.ArchiveSignatureWritten, DiagnosticSeverity.Message, path)], [new SecurityArtifact(path, SecurityArtifactLayout.SignatureBundleKind, record.Digest)]);
    }

    /// <summary>A key file, or a key the stack YAML references (read into memory, never written to disk).</summary>
    private List<ISignatureStore> Stores(SigningOptions options) =>
        SignatureStores.For(client, options.Format, options.SignatureRepository ?? getVariable(CosignConventions.RepositoryVariable));

    private static Task WriteRecordAsync(string path, IReadOnlyList<string> subjects, IReadOnlyList<string> layouts, string? keyHint, bool verified, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(
            path,
            JsonSerializer.SerializeToUtf8Bytes(new { subjects, layouts, keyHint, verifiedAfterSigning = verified }, RecordJson),
            cancellationToken);
}
