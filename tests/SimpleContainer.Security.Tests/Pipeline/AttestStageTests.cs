using System.Text.Json;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Tests.Signing.Keys;

namespace SimpleContainer.Security.Tests.Pipeline;

/// <summary>
/// The sign and attest stages of one build in archive mode (nothing pushed): one cosign-encrypted key decrypted once and
/// shared, envelopes and the provenance statement written to sc-security/ as artifacts with their predicate type.
/// </summary>
[TestClass]
public sealed class AttestStageTests
{
    private const string Password = "cosign25-test-password";

    [TestMethod]
    public async Task Signing_and_attesting_decrypt_the_key_once_and_write_verifiable_envelopes_and_the_statement()
    {
        var layout = SecurityArtifactLayout.InFolder(Directory.CreateTempSubdirectory("sc-attest-stage-").FullName);
        Directory.CreateDirectory(layout.Root);
        var sbomPath = Path.Combine(layout.Root, "sbom.cdx.json");
        await File.WriteAllTextAsync(sbomPath, """{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[]}""");
        var digest = Digest.Sha256("archive image"u8);
        var record = new ImageRecord
        {
            Project = Path.Combine(layout.Root, "App.csproj"),
            Repository = "team/app",
            Digest = digest.ToString(),
            MediaType = MediaTypes.OciManifest,
            Platforms = [new PlatformImageRecord(null, digest.ToString(), MediaTypes.OciManifest, 10, null)],
            RecordedAt = DateTimeOffset.UtcNow,
        };
        var (options, errors) = SecurityOptions.Resolve(
            [Setting(SecuritySettings.SigningEnabled, "true"), Setting(SecuritySettings.SbomEnabled, "true"), Setting(SecuritySettings.ProvenanceEnabled, "true"), Setting(SecuritySettings.SigningKey, KeyTestData.PathOf("cosign25.key"))],
            new SecurityOptionsContext { ProjectDirectory = layout.Root, GetVariable = Variables });
        Assert.IsEmpty(errors);
        Assert.IsTrue(options!.Attest.Sbom, "ScSbomAttach defaults to true with signing and SBOM on");

        using var client = new SimpleContainer.Security.Oci.Registry.RegistryClient();
        using var signer = new BuildSigner(Variables);
        var pipeline = new SecurityPipeline(
        [
            new FixedStage("sbom", new StageResult("sbom", StageOutcome.Succeeded, [], [new SecurityArtifact(sbomPath, SecurityArtifactLayout.SbomKind, digest.ToString())])),
            new SigningPipelineStage(new SigningStage(client, Variables, signer)),
            new AttestPipelineStage(new AttestStage(client, Variables, signer)),
        ]);

        var result = await pipeline.RunAsync(record, layout, options, default);

        Assert.AreEqual(StageOutcome.Succeeded, result["sign"]!.Outcome, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(StageOutcome.Succeeded, result["attest"]!.Outcome, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(1, signer.KeysLoaded, "the key is decrypted once per build, shared by signing and attesting");
        var attestations = result["attest"]!.Artifacts.Where(a => a.Kind == AttestStage.AttestationKind).ToList();
        CollectionAssert.AreEquivalent(new[] { PredicateTypes.CycloneDx, PredicateTypes.SlsaProvenanceV1, PredicateTypes.SlsaProvenanceV1 }, attestations.Select(a => a.PredicateType).ToArray());
        Assert.IsTrue(File.Exists(Path.Combine(layout.Root, AttestStage.ProvenanceStatementFileName)));
        var publicKey = KeyFiles.LoadPublicKey(KeyTestData.PathOf("cosign25.pub"));
        foreach (var (file, type) in new[] { ("sbom.cdx.dsse.json", PredicateTypes.CycloneDx), ("provenance.dsse.json", PredicateTypes.SlsaProvenanceV1) })
        {
            var envelope = JsonSerializer.Deserialize<DsseEnvelope>(await File.ReadAllBytesAsync(Path.Combine(layout.Root, file)), OciJson.Options)!;
            var verdict = AttestationVerifier.Check(new StoredAttestation("file", envelope, null), digest, publicKey, new AttestationExpectations { PredicateType = type });
            Assert.IsTrue(verdict.Verified, $"{file}: {verdict.FailedCheck} {verdict.Detail}");
        }

        StringAssert.Contains(string.Join("\n", result.Diagnostics.Select(d => d.Code)), "SCSEC6005");
    }

    [TestMethod]
    public void The_attestation_switches_default_from_signing_and_their_stage_and_each_can_be_turned_off()
    {
        AttestOptions Resolve(params (SecuritySetting Setting, string Value)[] settings)
        {
            var (options, errors) = SecurityOptions.Resolve(settings.Select(s => Setting(s.Setting, s.Value)), new SecurityOptionsContext { ProjectDirectory = "/src" });
            Assert.IsEmpty(errors);
            return options!.Attest;
        }

        var all = Resolve((SecuritySettings.SecurityEnabled, "true"));
        Assert.IsTrue(all.Sbom && all.Scan && all.Provenance && all.IncludeMaterials && !all.IncludeEnvironment && !all.Required);
        var noSigning = Resolve((SecuritySettings.SbomEnabled, "true"), (SecuritySettings.ScanEnabled, "true"));
        Assert.IsFalse(noSigning.Any, "without signing nothing is attested unless asked");
        var off = Resolve((SecuritySettings.SecurityEnabled, "true"), (SecuritySettings.SbomAttach, "false"), (SecuritySettings.ScanAttest, "false"), (SecuritySettings.ProvenanceEnabled, "false"));
        Assert.IsFalse(off.Any);
        var required = Resolve((SecuritySettings.ProvenanceEnabled, "true"), (SecuritySettings.ProvenanceRequired, "true"), (SecuritySettings.ProvenanceBuilderId, "https://b.example/x"));
        Assert.IsTrue(required.Required);
        Assert.AreEqual("https://b.example/x", required.BuilderId);
        var (_, errors) = SecurityOptions.Resolve([Setting(SecuritySettings.SbomAttach, "ture")], new SecurityOptionsContext { ProjectDirectory = "/src" });
        Assert.AreEqual("SCSEC1100", errors.Single().Code, "a wrong value is a configuration error");
    }

    private static string? Variables(string name) => name == "COSIGN_PASSWORD" ? Password : null;

    private static RawSetting Setting(SecuritySetting setting, string value) => new(setting, value, SettingSource.Property(setting.Property));

    private sealed class FixedStage(string name, StageResult result) : ISecurityStage
    {
        public string Name => name;

        public string? SkipReason(SecurityOptions options) => null;

        public Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken) => Task.FromResult(result);
    }
}
