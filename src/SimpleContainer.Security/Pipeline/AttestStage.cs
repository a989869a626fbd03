using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Provenance;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Pipeline;

/// <summary>One statement to sign: what it is about, its predicate, and the file its envelope is written to.</summary>
public sealed record PlannedAttestation(IReadOnlyList<InTotoSubject> Subjects, string PredicateType, JsonNode Predicate, string FileStem)
{
    public InTotoStatement Statement => new(Subjects, PredicateType, Predicate);
}

/// <summary>
/// The attest stage: after the gate and the signature, signs in-toto statements with the build's signer (the key
/// decrypted once, shared with signing) — the SBOMs of this run per platform image, the scan result as cosign's vuln
/// predicate, the SLSA v1 provenance — writes each DSSE envelope to <c>sc-security/</c> and, when the image was pushed,
/// stores it per <c>ScSigningFormat</c> (legacy <c>.att</c> tag, bundle referrer) and reads it back to verify.
/// Fails open unless required.
/// </summary>
public sealed class AttestStage(RegistryClient client, Func<string, string?> getVariable, BuildSigner signer, TimeProvider? time = null)
{
    public const string Name = "attest";
    public const string AttestationKind = "Attestation";

    /// <summary>The extension of an attestation's Sigstore bundle written in archive mode (<c>provenance.sigstore.json</c>).</summary>
    public const string BundleExtension = ".sigstore.json";
    public const string ProvenanceStatementFileName = "provenance.intoto.json";

    private static readonly JsonSerializerOptions IndentedJson = new(OciJson.Options) { WriteIndented = true };

    public async Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            return StageResult.FromFailure(Name, ex.Diagnostic, run.Options.Attest.Required, DiagnosticIds.AttestationFailed, run.Record.Subject);
        }
    }

    private async Task<StageResult> RunCoreAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var options = run.Options.Attest;
        var key = await signer.SignerForAsync(run.Options.Signing, record.Project, cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<ScDiagnostic>();
        var planned = new List<PlannedAttestation>();
        var artifacts = new List<SecurityArtifact>();

        if (options.Sbom)
        {
            planned.AddRange(await SbomAttestationsAsync(record, run.ArtifactsOf(SbomStage.Name), cancellationToken).ConfigureAwait(false));
        }

        if (options.Scan && run.ArtifactsOf(ScanStage.Name).FirstOrDefault(a => a.Kind == ScanReportFiles.JsonKind) is { } scanJson)
        {
            var report = ScanJsonReader.Parse(await File.ReadAllBytesAsync(scanJson.Path, cancellationToken).ConfigureAwait(false), scanJson.Path);
            var ci = CiEnvironment.Detect(getVariable);
            foreach (var platform in record.Platforms)
            {
                var stem = record.Platforms.Count > 1 && platform.Platform is { } p ? $"vuln.{p.Replace('/', '-')}" : "vuln";
                planned.Add(new PlannedAttestation([Subject(record, platform.Digest)], PredicateTypes.Vulnerability, VulnerabilityPredicate.Create(report, record.Platforms.Count > 1 ? platform.Platform : null, options.BuilderId ?? ci.BuilderId, ci.InvocationId), stem));
            }
        }

        if (options.Provenance)
        {
            var (provenance, warnings) = await ProvenanceAsync(run, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(warnings);
            planned.Add(provenance);
            var statementPath = Path.Combine(run.Layout.Root, ProvenanceStatementFileName);
            await AtomicFile.WriteAllBytesAsync(statementPath, JsonSerializer.SerializeToUtf8Bytes(provenance.Statement, IndentedJson), cancellationToken).ConfigureAwait(false);
            artifacts.Add(new SecurityArtifact(statementPath, AttestationKind, record.Digest) { PredicateType = PredicateTypes.SlsaProvenanceV1 });
        }

        var stores = record.Pushed && record.Reference is not null ? AttestationStores.For(client, run.Options.Signing.Format, run.Options.Signing.SignatureRepository ?? getVariable(CosignConventions.RepositoryVariable)) : [];
        var attester = new ImageAttester(stores);
        var verifyWith = run.Options.Signing.VerifyAfterSigning ? await signer.AttestationVerifierForAsync(key, run.Options.Signing, diagnostics.Add, cancellationToken).ConfigureAwait(false) : null;
        foreach (var attestation in planned)
        {
            var subjects = stores.Count == 0 ? [] : attestation.Subjects.Select(s => ImageReference.Parse(record.PushedReference(DigestOf(s).ToString())!)).ToList();
            var (envelope, material) = await attester.AttestAsync(attestation.Statement, subjects, key, verifyWith, cancellationToken).ConfigureAwait(false);
            var path = Path.Combine(run.Layout.Root, attestation.FileStem + ".dsse.json");
            await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(envelope, OciJson.Options), cancellationToken).ConfigureAwait(false);
            artifacts.AddRange(attestation.Subjects.Select(s => new SecurityArtifact(path, AttestationKind, DigestOf(s).ToString()) { PredicateType = attestation.PredicateType }));
            if (stores.Count == 0 && run.Options.Signing.Format is SigningFormat.Bundle or SigningFormat.Both)
            {
                // Archive mode with the bundle format: the Sigstore bundle too, evidence to archive or attach after the push.
                var bundlePath = Path.Combine(run.Layout.Root, attestation.FileStem + BundleExtension);
                await AtomicFile.WriteAllBytesAsync(bundlePath, BundleReferrerLayout.ToBundle(envelope, material, key).ToBytes(), cancellationToken).ConfigureAwait(false);
                artifacts.AddRange(attestation.Subjects.Select(s => new SecurityArtifact(bundlePath, AttestationKind, DigestOf(s).ToString()) { PredicateType = attestation.PredicateType }));
            }
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.AttestationWritten, DiagnosticSeverity.Message, PredicateTypes.ShortName(attestation.PredicateType), string.Join(", ", attestation.Subjects.Select(s => $"{s.Name}@{DigestOf(s)}")), stores.Count == 0 ? path : string.Join("+", stores.Select(s => s.Name))));
        }

        if (planned.Count == 0)
        {
            // Nothing was there to attest (the SBOM or scan stage did not run): never reported as done.
            const string why = "no SBOM, scan result or provenance to attest in this run";
            return StageResult.Skipped(Name, why, new ScDiagnostic(DiagnosticIds.StageNotRun, DiagnosticSeverity.Warning, Name, record.Subject, why));
        }

        return new StageResult(Name, StageOutcome.Succeeded, diagnostics, artifacts);
    }

    private static async Task<IReadOnlyList<PlannedAttestation>> SbomAttestationsAsync(ImageRecord record, IReadOnlyList<SecurityArtifact> sboms, CancellationToken cancellationToken)
    {
        var planned = new List<PlannedAttestation>();
        foreach (var sbom in sboms.Where(a => a.Kind == SecurityArtifactLayout.SbomKind && a.Digest is not null))
        {
            var predicateType = SecurityArtifactLayout.IsCycloneDx(sbom.Path) ? PredicateTypes.CycloneDx : PredicateTypes.Spdx;
            var predicate = JsonNode.Parse(await File.ReadAllBytesAsync(sbom.Path, cancellationToken).ConfigureAwait(false))
                ?? throw new ScException(DiagnosticIds.AttestationFailed, record.Subject, $"the SBOM {sbom.Path} is empty");
            var stem = Path.GetFileNameWithoutExtension(sbom.Path);
            planned.Add(new PlannedAttestation([Subject(record, sbom.Digest!)], predicateType, predicate, stem));
        }

        return planned;
    }

    private async Task<(PlannedAttestation Attestation, IReadOnlyList<ScDiagnostic> Warnings)> ProvenanceAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var options = run.Options.Attest;
        var ci = CiEnvironment.Detect(getVariable);
        var warnings = new List<ScDiagnostic>();
        if (ci.IsLocal && options.BuilderId is null)
        {
            warnings.Add(new ScDiagnostic(DiagnosticIds.ProvenanceLocalBuilder, DiagnosticSeverity.Warning, record.Subject, CiEnvironment.LocalBuilderId));
        }

        var packages = new List<ResolvedPackage>();
        if (options.IncludeMaterials && options.DotNetProject is { } project)
        {
            var assets = await Sbom.Catalogers.DotNet.ProjectAssetsSource.ReadAsync(project, cancellationToken).ConfigureAwait(false);
            packages.AddRange(assets.Packages
                .Where(p => p.Cataloger == Sbom.Catalogers.DotNet.ProjectAssetsSource.CatalogerName && p.Type == Sbom.Model.ComponentType.Library && p.Version is not null)
                .Select(p => new ResolvedPackage(p.Name, p.Version!, p.Hashes.FirstOrDefault(h => h.Algorithm == Sbom.Model.SbomHash.Sha512)?.Value)));
        }

        var byproducts = new List<Byproduct>();
        foreach (var artifact in run.ArtifactsOf(SbomStage.Name).Concat(run.ArtifactsOf(ScanStage.Name).Where(a => a.Kind == ScanReportFiles.JsonKind)))
        {
            var bytes = await File.ReadAllBytesAsync(artifact.Path, cancellationToken).ConfigureAwait(false);
            byproducts.Add(new Byproduct(Path.GetFileName(artifact.Path), Convert.ToHexStringLower(SHA256.HashData(bytes)), MediaTypeOf(artifact.Path)));
        }

        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(record.Project)) ?? ".";
        var predicate = SlsaProvenance.CreatePredicate(new ProvenanceInputs
        {
            Record = record,
            Build = options.Build,
            Ci = ci,
            Git = GitRepository.Read(projectDirectory),
            Packages = packages,
            Byproducts = byproducts,
            BuilderId = options.BuilderId,
            IncludeEnvironment = options.IncludeEnvironment,
            StartedOn = options.Build?.StartedOn ?? record.RecordedAt,
            FinishedOn = (time ?? TimeProvider.System).GetUtcNow(),
        });
        var subjects = AllDigests(record).Select(d => Subject(record, d)).ToList();
        return (new PlannedAttestation(subjects, PredicateTypes.SlsaProvenanceV1, predicate, "provenance"), warnings);
    }

    /// <summary>The index (multi-arch) and every platform image: what a deployment may pin.</summary>
    private static IEnumerable<string> AllDigests(ImageRecord record) =>
        new[] { record.Digest }.Concat(record.Platforms.Select(p => p.Digest)).Distinct(StringComparer.Ordinal);

    private static Digest DigestOf(InTotoSubject subject) => Digest.Parse($"{subject.Digest.Keys.First()}:{subject.Digest.Values.First()}");

    private static InTotoSubject Subject(ImageRecord record, string digest)
    {
        var parsed = Digest.Parse(digest);
        var name = record.Registry is null ? record.Repository : $"{record.Registry}/{record.Repository}";
        return new InTotoSubject(name, new Dictionary<string, string> { [parsed.Algorithm] = parsed.Hex });
    }

    private static string? MediaTypeOf(string path) =>
        SecurityArtifactLayout.IsCycloneDx(path) ? "application/vnd.cyclonedx+json"
        : path.EndsWith(".spdx.json", StringComparison.OrdinalIgnoreCase) ? "application/spdx+json"
        : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : null;
}
