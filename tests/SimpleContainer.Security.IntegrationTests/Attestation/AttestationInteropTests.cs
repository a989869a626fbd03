using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Attestation;

/// <summary>Our attestations against cosign 2.5 (<c>verify-attestation</c>, <c>attest</c>, <c>--policy</c>) and sigstore-js, both directions.</summary>
[TestClass]
public sealed class AttestationInteropTests
{
    private const string RightBuilder = "https://github.com/org/app/.github/workflows/release.yml@refs/heads/main";

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Cosign_verify_attestation_accepts_our_cyclonedx_spdx_provenance_and_vuln_attestations()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "att/ours");
        var layout = new CosignTagLayout(client);
        foreach (var (type, predicate) in await PredicatesAsync(client, image))
        {
            await AttachAsync(layout, image, key, type, predicate);
        }

        var publicKey = key.WritePublicKey();
        foreach (var type in new[] { "cyclonedx", "spdxjson", "slsaprovenance1", "vuln" })
        {
            var cosign = await CosignVerifyAttestationAsync(image, publicKey, "--type", type);
            Assert.AreEqual(0, cosign.ExitCode, $"{type}: {cosign.StandardError}");
            var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)JsonNode.Parse(cosign.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!["payload"]!)))!;
            Assert.AreEqual(image.Digest!.Value.Hex, (string?)payload["subject"]![0]!["digest"]!["sha256"]);
        }

        var manifest = (await client.GetManifestAsync(layout.TagFor(image, CosignConventions.AttestationTagSuffix))).AsManifest();
        Assert.AreEqual(4, manifest.Layers.Count, "one layer per envelope");
        Assert.IsTrue(manifest.Layers.All(l => l.MediaType == CosignConventions.DsseEnvelopeMediaType && l.Annotations!.ContainsKey(CosignConventions.PredicateTypeAnnotation)));
        var ours = await new AttestationVerifier([layout]).VerifyAsync(image, key, new AttestationExpectations { PredicateType = PredicateTypes.Vulnerability }, default);
        Assert.AreEqual(1, ours.EnsureVerified(PredicateTypes.Vulnerability).VerifiedAttestations.Count());
    }

    [TestMethod]
    public async Task Cosign_policy_over_our_provenance_passes_for_the_right_builder_and_fails_for_another()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "att/policy");
        // The provenance our builder makes, under a simulated GitHub Actions run of the right workflow.
        var github = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "org/app", ["GITHUB_WORKFLOW_REF"] = "org/app/.github/workflows/release.yml@refs/heads/main",
            ["GITHUB_RUN_ID"] = "7", ["GITHUB_RUN_ATTEMPT"] = "1", ["GITHUB_REF"] = "refs/heads/main", ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567", ["GITHUB_TOKEN"] = "ghs_planted",
        };
        var predicate = SimpleContainer.Security.Provenance.SlsaProvenance.CreatePredicate(new SimpleContainer.Security.Provenance.ProvenanceInputs
        {
            Record = new ImageRecord { Project = "/src/App/App.csproj", Registry = image.Registry, Repository = image.Repository, Digest = image.Digest!.Value.ToString(), MediaType = MediaTypes.OciManifest },
            Ci = SimpleContainer.Security.Provenance.CiEnvironment.Detect(name => github.GetValueOrDefault(name)),
            StartedOn = DateTimeOffset.UtcNow.AddMinutes(-1),
            FinishedOn = DateTimeOffset.UtcNow,
        });
        Assert.AreEqual(RightBuilder, (string?)predicate["runDetails"]!["builder"]!["id"]);
        await AttachAsync(new CosignTagLayout(client), image, key, PredicateTypes.SlsaProvenanceV1, predicate);
        var folder = Directory.CreateTempSubdirectory("sc-policy-").FullName;
        string Policy(string name, string builder)
        {
            var path = Path.Combine(folder, name + ".cue");
            File.WriteAllText(path, $"predicateType: \"{PredicateTypes.SlsaProvenanceV1}\"\npredicate: runDetails: builder: id: \"{builder}\"\n");
            return path;
        }

        var pass = await CosignVerifyAttestationAsync(image, key.WritePublicKey(), "--type", "slsaprovenance1", "--policy", Policy("right", RightBuilder));
        var fail = await CosignVerifyAttestationAsync(image, key.WritePublicKey(), "--type", "slsaprovenance1", "--policy", Policy("other", "https://evil.example/builder"));

        Assert.AreEqual(0, pass.ExitCode, pass.StandardError);
        Assert.AreNotEqual(0, fail.ExitCode, "a policy naming another builder must fail");
        StringAssert.Contains(fail.StandardError, "policy");
    }

    [TestMethod]
    public async Task We_verify_what_cosign_attest_writes_and_an_altered_subject_predicate_or_signature_is_rejected_by_both()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var keys = Directory.CreateTempSubdirectory("sc-cosign-att-keys-").FullName;
        var password = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "attest-pass" };
        Assert.AreEqual(0, (await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keys, "cosign")], password)).ExitCode);
        var publicKeyPath = Path.Combine(keys, "cosign.pub");
        var publicKey = SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(publicKeyPath);

        foreach (var alteration in new[] { "none", "subject", "predicate", "signature" })
        {
            var image = await PushImageAsync(client, "att/cosign-made-" + alteration, layer: alteration == "none" ? FixtureImages.AlpineLayer() : FixtureImages.DebianLayer());
            var predicateFile = Path.Combine(keys, alteration + ".json");
            await File.WriteAllTextAsync(predicateFile, Provenance(RightBuilder).ToJsonString());
            var attested = await PeerTools.CosignAsync(["attest", "--key", Path.Combine(keys, "cosign.key"), "--predicate", predicateFile, "--type", "slsaprovenance1", "--tlog-upload=false", "--allow-http-registry", "--yes", image.ToString()], password);
            Assert.AreEqual(0, attested.ExitCode, attested.StandardError);
            if (alteration != "none")
            {
                await AlterAsync(client, image, alteration);
            }

            var ours = await new AttestationVerifier([new CosignTagLayout(client)]).VerifyAsync(image, publicKey, new AttestationExpectations { PredicateType = PredicateTypes.SlsaProvenanceV1, BuilderId = RightBuilder }, default);
            var cosign = await CosignVerifyAttestationAsync(image, publicKeyPath, "--type", "slsaprovenance1");
            if (alteration == "none")
            {
                Assert.IsTrue(ours.Verified, string.Join("; ", ours.Verdicts.Select(v => v.Detail)));
                Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
            }
            else
            {
                Assert.IsFalse(ours.Verified, alteration);
                Assert.AreEqual(AttestationChecks.Signature, ours.Verdicts.Single().FailedCheck, alteration);
                Assert.AreNotEqual(0, cosign.ExitCode, $"cosign accepted an altered {alteration}");
            }
        }
    }

    [TestMethod]
    public async Task A_validly_signed_attestation_copied_to_another_digest_fails_the_subject_check_for_us_and_cosign()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var attested = await PushImageAsync(client, "att/copied", "a", FixtureImages.AlpineLayer());
        var target = await PushImageAsync(client, "att/copied", "b", FixtureImages.DebianLayer());
        var layout = new CosignTagLayout(client);
        await AttachAsync(layout, attested, key, PredicateTypes.SlsaProvenanceV1, Provenance(RightBuilder));
        var copied = await client.GetManifestAsync(layout.TagFor(attested, CosignConventions.AttestationTagSuffix));
        await client.PutManifestAsync(target, copied.Bytes, copied.MediaType, layout.TagFor(target, CosignConventions.AttestationTagSuffix).Tag);

        var ours = await new AttestationVerifier([layout]).VerifyAsync(target, key, new AttestationExpectations { PredicateType = PredicateTypes.SlsaProvenanceV1 }, default);

        Assert.AreEqual(AttestationChecks.SubjectDigest, ours.Verdicts.Single().FailedCheck);
        Assert.AreNotEqual(0, (await CosignVerifyAttestationAsync(target, key.WritePublicKey(), "--type", "slsaprovenance1")).ExitCode);
    }

    [TestMethod]
    public async Task Eight_concurrent_attesters_on_one_digest_all_end_up_present()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "att/race");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => AttachAsync(new CosignTagLayout(client), image, key, PredicateTypes.SlsaProvenanceV1, Provenance($"{RightBuilder}#{i}"))));

        var report = await new AttestationVerifier([new CosignTagLayout(client)]).VerifyAsync(image, key, new AttestationExpectations { PredicateType = PredicateTypes.SlsaProvenanceV1 }, default);
        Assert.AreEqual(8, report.VerifiedAttestations.Count());
        for (var i = 0; i < 8; i++)
        {
            Assert.IsTrue(report.VerifiedAttestations.Any(v => v.Statement!.Predicate!["runDetails"]!["builder"]!["id"]!.GetValue<string>() == $"{RightBuilder}#{i}"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [TestMethod]
    public async Task The_bundle_layout_stores_a_DSSE_referrer_that_sigstore_js_and_we_verify()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "att/bundle");
        var bundleLayout = new BundleReferrerLayout(client);

        await AttachAsync(bundleLayout, image, key, PredicateTypes.SlsaProvenanceV1, Provenance(RightBuilder));

        var referrers = await client.GetReferrersAsync(image, image.Digest!.Value, SimpleContainer.Security.Sigstore.SigstoreBundle.MediaType);
        var referrer = referrers.Referrers.Single();
        Assert.AreEqual(PredicateTypes.SlsaProvenanceV1, referrer.Annotations![SigstoreBundleConventions.PredicateTypeAnnotation]);
        var manifest = (await client.GetManifestAsync(image.Pinned(referrer.Digest))).AsManifest();
        var bytes = await client.GetBlobAsync(image, manifest.Layers[0].Digest);
        var verified = await NodeValidators.VerifySigstoreBundleAsync(NodeValidators.WriteTemp(bytes, ".sigstore.json"), key.WritePublicKey(), image.Digest!.Value.ToString(), PredicateTypes.SlsaProvenanceV1);
        Assert.AreEqual(0, verified.ExitCode, verified.StandardOutput + verified.StandardError);
        var ours = await new AttestationVerifier([bundleLayout]).VerifyAsync(image, key, new AttestationExpectations { PredicateType = PredicateTypes.SlsaProvenanceV1, BuilderId = RightBuilder }, default);
        Assert.IsTrue(ours.Verified);
        Assert.IsEmpty(await bundleLayout.ReadAsync(image, default), "an attestation is not an image signature");
    }

    internal static JsonObject Provenance(string builderId) => new()
    {
        ["buildDefinition"] = new JsonObject
        {
            ["buildType"] = SimpleContainer.Security.Provenance.SlsaProvenance.BuildType,
            ["externalParameters"] = new JsonObject { ["project"] = "src/App/App.csproj" },
            ["resolvedDependencies"] = new JsonArray(new JsonObject { ["uri"] = "git+https://github.com/org/app@refs/heads/main", ["digest"] = new JsonObject { ["gitCommit"] = "0123456789abcdef0123456789abcdef01234567" } }),
        },
        ["runDetails"] = new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = builderId },
            ["metadata"] = new JsonObject { ["invocationId"] = "https://github.com/org/app/actions/runs/1/attempts/1", ["startedOn"] = "2026-12-05T00:00:00Z", ["finishedOn"] = "2026-12-05T00:01:00Z" },
        },
    };

    internal static async Task AttachAsync(IAttestationStore store, ImageReference image, TestSigningKey key, string predicateType, JsonNode predicate)
    {
        var statement = new InTotoStatement([new InTotoSubject(image.Name, new Dictionary<string, string> { ["sha256"] = image.Digest!.Value.Hex })], predicateType, predicate);
        var (envelope, material) = await DsseSigning.SignStatementAsync(key, statement, default);
        await store.AttachAsync(image, new SignedAttestation(envelope, material, predicateType, key.PublicKeyHint), default);
    }

    internal static Task<SimpleContainer.Security.Tools.ProcessResult> CosignVerifyAttestationAsync(ImageReference image, string publicKeyPath, params string[] extra) =>
        PeerTools.CosignAsync(["verify-attestation", "--key", publicKeyPath, "--insecure-ignore-tlog=true", "--allow-http-registry", .. extra, image.ToString()]);

    /// <summary>The SBOM documents our generator makes for the image, and a provenance and vuln predicate.</summary>
    private static async Task<IReadOnlyList<(string Type, JsonNode Predicate)>> PredicatesAsync(RegistryClient client, ImageReference image)
    {
        var platforms = await ImagePlatforms.FromRegistryAsync(client, image, default);
        var sboms = await new SbomStage(client, new SbomGenerator()).GenerateAsync(platforms, new SbomOptions { Formats = SbomFormats.Parse("cyclonedx-json;spdx-json") }, default);
        var report = new SimpleContainer.Security.Scanning.ScanReport
        {
            Subject = image.ToString(),
            Digest = image.Digest.ToString(),
            Targets = [],
            Scanners = [new SimpleContainer.Security.Scanning.ScannerRun { Name = "builtin", Version = "1.0.0", Outcome = SimpleContainer.Security.Scanning.ScannerOutcome.Succeeded, Database = "osv", DatabaseUpdated = DateTimeOffset.UtcNow.AddHours(-1), Duration = TimeSpan.FromSeconds(2) }],
            Verdicts = [],
            Created = DateTimeOffset.UtcNow,
        };
        return
        [
            .. sboms.Documents.Select(d => (SecurityArtifactLayout.IsCycloneDx(d.FileName) ? PredicateTypes.CycloneDx : PredicateTypes.Spdx, JsonNode.Parse(d.Bytes)!)),
            (PredicateTypes.SlsaProvenanceV1, Provenance(RightBuilder)),
            (PredicateTypes.Vulnerability, VulnerabilityPredicate.Create(report, null, RightBuilder, null)),
        ];
    }

    /// <summary>Changes what the registry serves in the .att tag: the statement's subject or predicate (signature kept), or the signature.</summary>
    private static async Task AlterAsync(RegistryClient client, ImageReference image, string what)
    {
        var layout = new CosignTagLayout(client);
        var tag = layout.TagFor(image, CosignConventions.AttestationTagSuffix);
        var content = await client.GetManifestAsync(tag);
        var layer = content.AsManifest().Layers.Single();
        var envelope = JsonSerializer.Deserialize<DsseEnvelope>(await client.GetBlobAsync(tag, layer.Digest), OciJson.Options)!;
        var statement = JsonNode.Parse(envelope.PayloadBytes)!;
        switch (what)
        {
            case "subject":
                statement["subject"]![0]!["digest"]!["sha256"] = new string('0', 64);
                envelope = envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString())) };
                break;
            case "predicate":
                statement["predicate"]!["runDetails"]!["builder"]!["id"] = "https://evil.example/builder";
                envelope = envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.ToJsonString())) };
                break;
            default:
                var signature = Convert.FromBase64String(envelope.Signatures[0].Sig);
                signature[^1] ^= 0x01;
                envelope = envelope with { Signatures = [new DsseSignature(envelope.Signatures[0].KeyId, Convert.ToBase64String(signature))] };
                break;
        }

        var altered = await client.PushBlobAsync(tag, layer.MediaType, JsonSerializer.SerializeToUtf8Bytes(envelope, OciJson.Options)) with { Annotations = layer.Annotations };
        await layout.PushManifestAsync(tag, [altered], content.Digest, default);
    }

    private static async Task<ImageReference> PushImageAsync(RegistryClient client, string repository, string tag = "1", Layer? layer = null)
    {
        var pushed = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, tag), [layer ?? FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        return pushed.Reference.Pinned(pushed.Manifest.Digest);
    }
}
