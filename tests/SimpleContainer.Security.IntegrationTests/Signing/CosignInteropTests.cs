using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>Our signatures against the tools users trust: cosign 2.5 and skopeo 1.18 (containers/image), both directions.</summary>
[TestClass]
public sealed class CosignInteropTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Cosign_and_skopeo_verify_a_signature_we_made_and_so_do_we()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/ours");

        await new ImageSigner(client, [new CosignTagLayout(client)]).SignAsync(image, key, null, default);

        var cosign = await CosignVerifyAsync(image, key.WritePublicKey());
        Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
        StringAssert.Contains(cosign.StandardOutput, $"\"docker-manifest-digest\":\"{image.Digest}\"");
        var skopeo = await SkopeoVerifyAsync(image, key.WritePublicKey());
        Assert.AreEqual(0, skopeo.ExitCode, skopeo.StandardError);
        var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(image, key, new VerificationPolicy(), default);
        Assert.AreEqual(1, report.EnsureVerified().VerifiedCount);
    }

    [TestMethod]
    public async Task We_verify_a_signature_cosign_made_with_its_own_key()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await PushImageAsync(client, "sig/cosign-made");
        var keys = Directory.CreateTempSubdirectory("sc-cosign-keys-").FullName;
        var password = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "interop-pass" };
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keys, "cosign")], password);
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);

        var signed = await PeerTools.CosignAsync(["sign", "--key", Path.Combine(keys, "cosign.key"), "--tlog-upload=false", "--allow-http-registry", "--yes", image.ToString()], password);
        Assert.AreEqual(0, signed.ExitCode, signed.StandardError);

        var publicKey = SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(Path.Combine(keys, "cosign.pub"));
        var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(image, publicKey, new VerificationPolicy(), default);
        Assert.AreEqual(1, report.EnsureVerified().VerifiedCount);
        using var other = new TestSigningKey();
        var wrong = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(image, other, new VerificationPolicy(), default);
        Assert.AreEqual("SCSEC5021", Assert.ThrowsExactly<ScException>(() => wrong.EnsureVerified()).Code);
    }

    [TestMethod]
    public async Task Ed25519_keys_interoperate_with_cosign_both_ways()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var ours = await PushImageAsync(client, "sig/ed25519-ours");
        var theirs = await PushImageAsync(client, "sig/ed25519-cosign");
        var keys = Directory.CreateTempSubdirectory("sc-ed25519-").FullName;
        var password = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "ed25519-pass" };
        var made = await new SimpleContainer.Security.Tools.ToolRunner().RunAsync(new("openssl", ["genpkey", "-algorithm", "ed25519", "-out", Path.Combine(keys, "openssl.pem")]), default);
        Assert.AreEqual(0, made.ExitCode, made.StandardError);
        var imported = await PeerTools.CosignAsync(["import-key-pair", "--key", Path.Combine(keys, "openssl.pem"), "--output-key-prefix", Path.Combine(keys, "cosign")], password);
        Assert.AreEqual(0, imported.ExitCode, imported.StandardError);

        using (var signer = KeyFileSigner.Load(Path.Combine(keys, "cosign.key"), "ed25519-pass"))
        {
            Assert.AreEqual(SimpleContainer.Security.Signing.Keys.KeyAlgorithm.Ed25519, signer.PublicKey.Algorithm);
            await new ImageSigner(client, [new CosignTagLayout(client)]).SignAsync(ours, signer, null, default);
        }

        var cosignVerified = await CosignVerifyAsync(ours, Path.Combine(keys, "cosign.pub"));
        Assert.AreEqual(0, cosignVerified.ExitCode, cosignVerified.StandardError);
        var signed = await PeerTools.CosignAsync(["sign", "--key", Path.Combine(keys, "cosign.key"), "--tlog-upload=false", "--allow-http-registry", "--yes", theirs.ToString()], password);
        Assert.AreEqual(0, signed.ExitCode, signed.StandardError);
        var publicKey = SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(Path.Combine(keys, "cosign.pub"));
        var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(theirs, publicKey, new VerificationPolicy(), default);
        Assert.AreEqual(1, report.EnsureVerified().VerifiedCount);
    }

    [TestMethod]
    public async Task A_wrong_key_is_rejected_by_us_by_cosign_and_by_skopeo()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var signing = new TestSigningKey();
        using var other = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/wrong-key");
        await new ImageSigner(client, [new CosignTagLayout(client)]).SignAsync(image, signing, null, default);

        var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(image, other, new VerificationPolicy(), default);
        Assert.IsFalse(report.Verified);
        StringAssert.Contains(report.Checks.Single().Detail, "does not match the key");
        Assert.AreNotEqual(0, (await CosignVerifyAsync(image, other.WritePublicKey())).ExitCode);
        Assert.AreNotEqual(0, (await SkopeoVerifyAsync(image, other.WritePublicKey())).ExitCode);
    }

    [TestMethod]
    public async Task COSIGN_REPOSITORY_moves_the_signatures_and_cosign_finds_them_there()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/moved");
        var signatures = ImageReference.Create(Host, "sig/signatures-elsewhere");

        var signed = await Sc.RunAsync(new Dictionary<string, string?> { ["COSIGN_REPOSITORY"] = signatures.Name }, "image", "sign", "--image", image.ToString(), "--key", WritePlainKey(key));

        Assert.AreEqual(0, signed.Code, signed.Error);
        Assert.IsFalse(await client.ManifestExistsAsync(new CosignTagLayout(client).TagFor(image)), "nothing in the image's repository");
        Assert.IsTrue(await client.ManifestExistsAsync(new CosignTagLayout(client, signatures).TagFor(image)));
        var cosign = await PeerTools.CosignAsync(["verify", "--key", key.WritePublicKey(), "--insecure-ignore-tlog=true", "--allow-http-registry", image.ToString()], new Dictionary<string, string?> { ["COSIGN_REPOSITORY"] = signatures.Name });
        Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
    }

    [TestMethod]
    public async Task An_altered_payload_is_rejected_by_us_and_by_cosign()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/altered");
        var layout = new CosignTagLayout(client);
        var honest = new SimpleSigningPayload(image.Name, image.Digest!.Value, null).ToBytes();
        var signature = await key.SignAsync(honest, default);
        var altered = new SimpleSigningPayload(image.Name, image.Digest!.Value, new Dictionary<string, string> { ["approved"] = "yes" }).ToBytes();

        await layout.WriteAsync(image, altered, signature, default);

        var report = await new SignatureVerifier([layout]).VerifyAsync(image, key, new VerificationPolicy(), default);
        Assert.IsFalse(report.Verified);
        Assert.AreNotEqual(0, (await CosignVerifyAsync(image, key.WritePublicKey())).ExitCode);
    }

    [TestMethod]
    public async Task A_signature_copied_from_another_digest_is_rejected_by_us_and_by_cosign()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var signedImage = await PushImageAsync(client, "sig/copied", "signed", FixtureImages.AlpineLayer());
        var target = await PushImageAsync(client, "sig/copied", "target", FixtureImages.DebianLayer());
        var layout = new CosignTagLayout(client);
        await new ImageSigner(client, [layout]).SignAsync(signedImage, key, null, default);

        var copied = await client.GetManifestAsync(layout.TagFor(signedImage));
        await client.PutManifestAsync(target, copied.Bytes, copied.MediaType, layout.TagFor(target).Tag);

        var report = await new SignatureVerifier([layout]).VerifyAsync(target, key, new VerificationPolicy(), default);
        Assert.IsFalse(report.Verified);
        StringAssert.Contains(report.Checks.Single().Detail, $"it signs {signedImage.Digest}");
        Assert.AreNotEqual(0, (await CosignVerifyAsync(target, key.WritePublicKey())).ExitCode);
    }

    [TestMethod]
    public async Task Eight_concurrent_signers_on_one_digest_all_end_up_present()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await PushImageAsync(client, "sig/race");
        var keys = Enumerable.Range(0, 8).Select(_ => new TestSigningKey()).ToList();
        try
        {
            await Task.WhenAll(keys.Select(k => new ImageSigner(client, [new CosignTagLayout(client)]).SignAsync(image, k, null, default)));

            var stored = await new CosignTagLayout(client).ReadAsync(image, default);
            Assert.AreEqual(8, stored.Count);
            foreach (var key in keys)
            {
                var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(image, key, new VerificationPolicy(), default);
                Assert.AreEqual(1, report.VerifiedCount);
                Assert.AreEqual(0, (await CosignVerifyAsync(image, key.WritePublicKey())).ExitCode);
            }
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    [TestMethod]
    public async Task Signing_an_index_signs_it_and_every_platform_manifest_as_cosign_recursive_does()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var index = AssemblySetup.Registries.Images.MultiArch;
        var pinned = index.Reference.Pinned(index.Manifest.Digest);

        var signed = await new ImageSigner(client, [new CosignTagLayout(client)]).SignAsync(pinned, key, null, default);

        Assert.AreEqual(3, signed.Count);
        Assert.AreEqual(pinned, signed[0], "the index first");
        foreach (var subject in signed)
        {
            Assert.AreEqual(0, (await CosignVerifyAsync(subject, key.WritePublicKey())).ExitCode, subject.ToString());
        }
    }

    [TestMethod]
    public async Task Cosign_sign_recursive_signs_the_same_subjects_as_we_do_attestation_manifest_included()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var builder = new ImageFixtureBuilder(client);
        const string repository = "sig/recursive-attested";
        var amd64 = await builder.PushImageAsync(ImageReference.Create(Host, repository, "amd64"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var arm64 = await builder.PushImageAsync(ImageReference.Create(Host, repository, "arm64"), [FixtureImages.AlpineLayer()], FixtureImages.Arm64);
        var attestation = await builder.PushImageAsync(ImageReference.Create(Host, repository, "attestation"), [FixtureImages.AlpineLayer()], new Platform { Os = "unknown", Architecture = "unknown" });
        attestation = attestation with
        {
            Manifest = attestation.Manifest with
            {
                Annotations = new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest", ["vnd.docker.reference.digest"] = amd64.Manifest.Digest.ToString() },
            },
        };
        var index = await builder.PushIndexAsync(ImageReference.Create(Host, repository, "1"), [amd64, arm64, attestation]);
        var pinned = index.Reference.Pinned(index.Manifest.Digest);
        var keys = Directory.CreateTempSubdirectory("sc-cosign-keys-").FullName;
        var password = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "interop-pass" };
        Assert.AreEqual(0, (await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keys, "cosign")], password)).ExitCode);

        var signed = await PeerTools.CosignAsync(["sign", "--recursive", "--key", Path.Combine(keys, "cosign.key"), "--tlog-upload=false", "--allow-http-registry", "--yes", pinned.ToString()], password);

        Assert.AreEqual(0, signed.ExitCode, signed.StandardError);
        var ours = await ImageSigner.SubjectsAsync(client, pinned, default);
        var expected = new[] { index.Manifest.Digest, amd64.Manifest.Digest, arm64.Manifest.Digest, attestation.Manifest.Digest };
        CollectionAssert.AreEqual(expected, ours.Select(s => s.Digest!.Value).ToArray(), "the index first, then every manifest it lists");
        var cosignTags = (await client.ListTagsAsync(index.Reference)).Where(t => t.EndsWith(".sig", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected.Select(d => $"{d.Algorithm}-{d.Hex}.sig").Order(StringComparer.Ordinal).ToArray(), cosignTags, "cosign signed exactly these");
        var publicKey = SimpleContainer.Security.Signing.Keys.KeyFiles.LoadPublicKey(Path.Combine(keys, "cosign.pub"));
        foreach (var subject in ours)
        {
            var report = await new SignatureVerifier([new CosignTagLayout(client)]).VerifyAsync(subject, publicKey, new VerificationPolicy(), default);
            Assert.AreEqual(1, report.EnsureVerified().VerifiedCount, subject.ToString());
        }

        var platforms = await SimpleContainer.Security.Sbom.ImagePlatforms.FromRegistryAsync(client, pinned, default);
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64/v8" }, platforms.Select(p => p.Platform).ToArray(), "the SBOM covers the platform images only");
    }

    [TestMethod]
    public async Task Bundle_layout_round_trips_as_a_referrer_and_annotations_are_enforced()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/bundle");
        var both = new ISignatureStore[] { new CosignTagLayout(client), new BundleReferrerLayout(client) };

        await new ImageSigner(client, both).SignAsync(image, key, new Dictionary<string, string> { ["team"] = "payments" }, default);

        var report = await new SignatureVerifier(both).VerifyAsync(image, key, new VerificationPolicy { RequiredAnnotations = new Dictionary<string, string> { ["team"] = "payments" } }, default);
        CollectionAssert.AreEquivalent(new[] { "legacy", "bundle" }, report.Checks.Where(c => c.Verified).Select(c => c.Layout).ToArray());
        var referrers = await client.GetReferrersAsync(image, image.Digest!.Value, SimpleContainer.Security.Sigstore.SigstoreBundle.MediaType);
        Assert.AreEqual(1, referrers.Referrers.Count);
        var strict = await new SignatureVerifier(both).VerifyAsync(image, key, new VerificationPolicy { RequiredAnnotations = new Dictionary<string, string> { ["team"] = "other" } }, default);
        Assert.IsFalse(strict.Verified);
        Assert.AreEqual(0, (await CosignVerifyAsync(image, key.WritePublicKey(), "-a", "team=payments")).ExitCode, "cosign reads the legacy signature's annotations");
    }

    private static async Task<ImageReference> PushImageAsync(RegistryClient client, string repository, string tag = "1", Layer? layer = null)
    {
        var pushed = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, tag), [layer ?? FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        return pushed.Reference.Pinned(pushed.Manifest.Digest);
    }

    private static string WritePlainKey(TestSigningKey key)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-plain-key-").FullName, "key.pem");
        File.WriteAllText(path, key.PrivateKeyPem);
        return path;
    }

    private static Task<SimpleContainer.Security.Tools.ProcessResult> CosignVerifyAsync(ImageReference image, string publicKeyPath, params string[] extra) =>
        PeerTools.CosignAsync(["verify", "--key", publicKeyPath, "--insecure-ignore-tlog=true", "--allow-http-registry", .. extra, image.ToString()]);

    private static async Task<SimpleContainer.Security.Tools.ProcessResult> SkopeoVerifyAsync(ImageReference image, string publicKeyPath)
    {
        var folder = Directory.CreateTempSubdirectory("sc-skopeo-").FullName;
        var policy = Path.Combine(folder, "policy.json");
        await File.WriteAllTextAsync(policy, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["default"] = new[] { new { type = "reject" } },
            ["transports"] = new Dictionary<string, object>
            {
                // Cosign-style signatures record the repository without a tag; containers-policy.json(5) says to accept
                // them with matchRepository, as skopeo users configure for cosign signatures.
                ["docker"] = new Dictionary<string, object>
                {
                    [Host] = new[] { new { type = "sigstoreSigned", keyPath = publicKeyPath, signedIdentity = new { type = "matchRepository" } } },
                },
                ["dir"] = new Dictionary<string, object> { [string.Empty] = new[] { new { type = "insecureAcceptAnything" } } },
            },
        }));
        var registries = Directory.CreateDirectory(Path.Combine(folder, "registries.d")).FullName;
        await File.WriteAllTextAsync(Path.Combine(registries, "local.yaml"), $"docker:\n  {Host}:\n    use-sigstore-attachments: true\n", Encoding.UTF8);
        return await PeerTools.SkopeoAsync(["copy", "--policy", policy, "--registries.d", registries, "--src-tls-verify=false", $"docker://{image}", $"dir:{Path.Combine(folder, "out")}"]);
    }
}
