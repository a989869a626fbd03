using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.IntegrationTests.Scanning;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Attestation;

/// <summary>The attest stage through real publishes, with a key made by cosign, checked by cosign 2.5.</summary>
[TestClass]
public sealed class PublishAttestationTests
{
    private const string Password = "publish-attest-pass";
    private static string? keyFolder;
    private static string? database;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static string KeyPath => Path.Combine(keyFolder!, "cosign.key");

    private static string PublicKeyPath => Path.Combine(keyFolder!, "cosign.pub");

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        keyFolder = Directory.CreateTempSubdirectory("sc-attest-keys-").FullName;
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keyFolder, "cosign")], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
        database = await ScanTestAdvisories.CreateDatabaseAsync("attest");
    }

    [TestMethod]
    public async Task A_multi_arch_publish_leaves_per_platform_a_signature_and_sbom_vuln_and_provenance_attestations_cosign_verifies()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "attest-multi");

        var log = Path.Combine(app.Directory, "publish.log");
        var result = await PublishAsync(app, "it/attest-multi", "-p:ScSbomFormat=\"cyclonedx-json;spdx-json\"", "-p:ScSigningFormat=both",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"",
            "-getItem:ScSecurityArtifact", "-fl", $"-flp:logfile={log};verbosity=normal");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var logText = await File.ReadAllTextAsync(log);
        StringAssert.Contains(logText, "warning SCSEC6005", "outside CI the provenance says it is not SLSA Build L2");
        Assert.IsFalse(logText.Contains(Password, StringComparison.Ordinal) || result.StandardOutput.Contains(Password, StringComparison.Ordinal), "the password never reaches the log");
        var items = JsonNode.Parse(result.StandardOutput)!["Items"]!["ScSecurityArtifact"]!.AsArray();
        var attestationItems = items.Where(i => (string?)i!["Kind"] == AttestStage.AttestationKind).ToList();
        CollectionAssert.IsSubsetOf(
            new[] { PredicateTypes.CycloneDx, PredicateTypes.Spdx, PredicateTypes.Vulnerability, PredicateTypes.SlsaProvenanceV1 },
            attestationItems.Select(i => (string?)i!["PredicateType"]).Distinct().ToArray(),
            "ScSecurityArtifact items with Kind=Attestation carry their PredicateType");
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        Assert.HasCount(2, record.Platforms);
        foreach (var platform in record.Platforms)
        {
            var reference = $"{Host}/it/attest-multi@{platform.Digest}";
            var signature = await PeerTools.CosignAsync(["verify", "--key", PublicKeyPath, "--insecure-ignore-tlog=true", "--allow-http-registry", reference]);
            Assert.AreEqual(0, signature.ExitCode, $"{platform.Platform} signature: {signature.StandardError}");
            foreach (var type in new[] { "cyclonedx", "spdxjson", "vuln", "slsaprovenance1" })
            {
                var attestation = await AttestationInteropTests.CosignVerifyAttestationAsync(ImageReference.Parse(reference), PublicKeyPath, "--type", type);
                Assert.AreEqual(0, attestation.ExitCode, $"{platform.Platform} {type}: {attestation.StandardError}");
            }
        }

        using var client = AssemblySetup.Registries.CreatePlainClient();
        var amd64 = ImageReference.Parse($"{Host}/it/attest-multi@{record.Platforms[0].Digest}");
        var stored = await new CosignTagLayout(client).ReadAttestationsAsync(amd64, default);
        Assert.HasCount(4, stored, "one envelope per SBOM format, the vuln result and the provenance");
        var provenance = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(app.SecurityFolder(), AttestStage.ProvenanceStatementFileName)))!;
        Assert.AreEqual(PredicateTypes.SlsaProvenanceV1, (string?)provenance["predicateType"]);
        Assert.HasCount(3, provenance["subject"]!.AsArray(), "the index and both platform images");
        Assert.AreEqual("Release", (string?)provenance["predicate"]!["buildDefinition"]!["externalParameters"]!["configuration"]);
        var dependencies = provenance["predicate"]!["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        Assert.IsTrue(dependencies.Any(d => ((string?)d!["name"]) == "baseImage" && d["digest"]!["sha256"] is not null), "the base image with its digest");
        Assert.IsTrue(provenance["predicate"]!["runDetails"]!["byproducts"]!.AsArray().Any(b => ((string?)b!["name"]) == "scan.json"));
        foreach (var file in new[] { "provenance.dsse.json", "vuln.linux-amd64.dsse.json", "sbom.linux-amd64.cdx.dsse.json", "sbom.linux-arm64.spdx.dsse.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(app.SecurityFolder(), file)), file);
        }

        var referrers = await client.GetReferrersAsync(amd64, amd64.Digest!.Value, SimpleContainer.Security.Sigstore.SigstoreBundle.MediaType);
        CollectionAssert.AreEquivalent(
            new[] { InTotoStatement.CosignSignPredicateType, PredicateTypes.CycloneDx, PredicateTypes.Spdx, PredicateTypes.Vulnerability, PredicateTypes.SlsaProvenanceV1 },
            referrers.Referrers.Select(r => r.Annotations![SigstoreBundleConventions.PredicateTypeAnnotation]).ToArray(),
            "format both: the signature and each attestation as a bundle referrer");
        var bundleRead = await new AttestationVerifier([new BundleReferrerLayout(client)]).VerifyAsync(amd64, SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(PublicKeyPath), new AttestationExpectations { PredicateType = PredicateTypes.Spdx }, default);
        Assert.IsTrue(bundleRead.Verified);

        var sboms = Path.Combine(app.Directory, "collected");
        var collected = await Sc.RunAsync("stack", "sbom", "--root", app.Directory, "-o", sboms);
        Assert.AreEqual(0, collected.Code, collected.Output + collected.Error);
        Assert.HasCount(4, Directory.EnumerateFiles(Path.Combine(sboms, "App")), "sc stack sbom copies the recorded SBOMs, two platforms by two formats");

        var index = await new AttestationVerifier([new CosignTagLayout(client)]).VerifyAsync(ImageReference.Parse(record.Reference!), SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(PublicKeyPath), new AttestationExpectations { PredicateType = PredicateTypes.SlsaProvenanceV1, BuilderId = SimpleContainer.Security.Provenance.CiEnvironment.LocalBuilderId }, default);
        Assert.IsTrue(index.Verified, "the index carries the provenance too");
    }

    [TestMethod]
    public async Task A_failing_gate_leaves_neither_signature_nor_any_attestation()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "attest-gate", [new("Newtonsoft.Json", "12.0.1")]);

        var result = await PublishAsync(app, "it/attest-gate", "-p:ScScanFailOn=high", "-p:ScScanBeforePush=false");

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = ImageReference.Parse(record.Reference!);
        var layout = new CosignTagLayout(client);
        Assert.IsFalse(await client.ManifestExistsAsync(layout.TagFor(image)), "no .sig");
        Assert.IsFalse(await client.ManifestExistsAsync(layout.TagFor(image, CosignConventions.AttestationTagSuffix)), "no .att");
        Assert.IsEmpty((await client.GetReferrersAsync(image, image.Digest!.Value)).Referrers, "no referrer");
        Assert.IsEmpty(Directory.EnumerateFiles(app.SecurityFolder(), "*.dsse.json"));
        Assert.IsFalse(File.Exists(Path.Combine(app.SecurityFolder(), AttestStage.ProvenanceStatementFileName)));
    }

    [TestMethod]
    public async Task Archive_mode_writes_envelopes_that_sc_image_attest_uploads_after_the_push_and_cosign_verifies()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "attest-archive");
        var archive = Path.Combine(app.Directory, "out", "app.tar");
        var arguments = new List<string>
        {
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            "-p:ContainerRepository=it/attest-archive", $"-p:ContainerArchiveOutputPath={archive}",
            "-p:ScSbomEnabled=true", "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", "-p:ScProvenanceEnabled=true", "-p:ScSigningFormat=both",
        };

        var result = await DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host, ["COSIGN_PASSWORD"] = Password });

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var provenance = Path.Combine(app.SecurityFolder(), "provenance.dsse.json");
        var sbom = Path.Combine(app.SecurityFolder(), "sbom.cdx.dsse.json");
        Assert.IsTrue(File.Exists(provenance) && File.Exists(sbom), result.StandardOutput);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        foreach (var (bundle, predicateType) in new[] { ("provenance.sigstore.json", "https://slsa.dev/provenance/v1"), ("sbom.cdx.sigstore.json", "https://cyclonedx.org/bom") })
        {
            var verified = await NodeValidators.VerifySigstoreBundleAsync(Path.Combine(app.SecurityFolder(), bundle), PublicKeyPath, record.Digest, predicateType);
            Assert.AreEqual(0, verified.ExitCode, $"sigstore-js on {bundle}: {verified.StandardOutput}{verified.StandardError}");
        }

        var pushed = await PeerTools.SkopeoAsync(["copy", "--insecure-policy", "--dest-tls-verify=false", $"oci-archive:{archive}", $"docker://{Host}/it/attest-archive:1"]);
        Assert.AreEqual(0, pushed.ExitCode, pushed.StandardError);

        var attached = await Sc.RunAsync("image", "attest", "--image", $"{Host}/it/attest-archive:1", "--key", PublicKeyPath, "--attach", provenance, sbom);

        Assert.AreEqual(0, attached.Code, attached.Output + attached.Error);
        var image = ImageReference.Parse($"{Host}/it/attest-archive:1");
        foreach (var type in new[] { "slsaprovenance1", "cyclonedx" })
        {
            var cosign = await AttestationInteropTests.CosignVerifyAttestationAsync(image, PublicKeyPath, "--type", type);
            Assert.AreEqual(0, cosign.ExitCode, $"{type}: {cosign.StandardError}");
        }

        using var other = new TestSigningKey();
        var refused = await Sc.RunAsync("image", "attest", "--image", $"{Host}/it/attest-archive:1", "--key", other.WritePublicKey(), "--attach", provenance);
        Assert.AreEqual(1, refused.Code, "an envelope that does not verify with the given key is never uploaded");
        StringAssert.Contains(refused.Error, "SCSEC6007");
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string repository, params string[] properties)
    {
        var arguments = new List<string>
        {
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository={repository}",
            "-p:ScSbomEnabled=true", "-p:ScScanEnabled=true", $"-p:ScVulnerabilityDatabase={database}",
            "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", "-p:ScProvenanceEnabled=true",
        };
        arguments.AddRange(properties);

        // Outside CI on purpose: no CI variable leaks in from the machine running the tests.
        var environment = new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host, ["COSIGN_PASSWORD"] = Password, ["GITHUB_ACTIONS"] = null, ["GITLAB_CI"] = null, ["TF_BUILD"] = null, ["JENKINS_URL"] = null, ["CIRCLECI"] = null, ["BITBUCKET_BUILD_NUMBER"] = null };
        return DotnetCli.RunAsync(app.Directory, arguments, environment);
    }
}
