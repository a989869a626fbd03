using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.IntegrationTests.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>Keyless attestations (SBOM, provenance) against a private Sigstore, checked by cosign 2.5 and by our own verify.</summary>
[TestClass]
public sealed class KeylessAttestationTests
{
    private const string OtherIdentity = "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main";

    private static string Host => AssemblySetup.Registries.Plain.Host;

    /// <summary>The run's private Sigstore, shared by every keyless test class (<see cref="AssemblySetup.SigstoreAsync"/>).</summary>
    private static PrivateSigstore Sigstore { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => Sigstore = await AssemblySetup.SigstoreAsync();

    [TestMethod]
    public async Task Cosign_2_5_verifies_our_keyless_sbom_and_provenance_attestations_in_the_legacy_layout_and_rejects_another_identity()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await PushImageAsync(client, "keyless-att/cosign");
        await AttestAsync(client, image, SigningFormat.Legacy);

        foreach (var type in new[] { "cyclonedx", "slsaprovenance1" })
        {
            var verified = await CosignVerifyAttestationAsync(image, "--type", type, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
            Assert.AreEqual(0, verified.ExitCode, $"{type}: {verified.StandardError}");
            var otherIdentity = await CosignVerifyAttestationAsync(image, "--type", type, "--certificate-identity", OtherIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
            Assert.AreNotEqual(0, otherIdentity.ExitCode, $"{type}: cosign accepted another identity");
            var otherIssuer = await CosignVerifyAttestationAsync(image, "--type", type, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", "https://gitlab.com");
            Assert.AreNotEqual(0, otherIssuer.ExitCode, $"{type}: cosign accepted another issuer");
        }
    }

    [TestMethod]
    public async Task Sc_sbom_and_provenance_verify_accept_keyless_attestations_in_both_layouts_by_identity_and_refuse_another_identity_or_issuer()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await PushImageAsync(client, "keyless-att/ours");
        await AttestAsync(client, image, SigningFormat.Both);
        string[] Policy(string identity, string issuer) => ["--image", image.ToString(), "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", identity, "--certificate-oidc-issuer", issuer];

        var sbom = await Sc.RunAsync(["sbom", "verify", .. Policy(PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer), "--type", "cyclonedx"]);
        var provenance = await Sc.RunAsync(["provenance", "verify", .. Policy(PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer), "--expected-builder-id", PrivateSigstore.WorkflowIdentity]);
        var otherIdentity = await Sc.RunAsync(["sbom", "verify", .. Policy(OtherIdentity, PrivateSigstore.GitHubIssuer)]);
        var otherIssuer = await Sc.RunAsync(["provenance", "verify", .. Policy(PrivateSigstore.WorkflowIdentity, "https://gitlab.com")]);
        var noPolicy = await Sc.RunAsync("sbom", "verify", "--image", image.ToString(), "--trusted-root", Sigstore.TrustedRoot);

        Assert.AreEqual(0, sbom.Code, sbom.Output + sbom.Error);
        Assert.AreEqual(2, sbom.Output.Split('\n').Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)), "the legacy .att and the bundle referrer: " + sbom.Output);
        StringAssert.Contains(sbom.Output, "SCSEC5120");
        StringAssert.Contains(sbom.Output, PrivateSigstore.WorkflowIdentity);
        Assert.AreEqual(0, provenance.Code, provenance.Output + provenance.Error);
        Assert.AreEqual(1, otherIdentity.Code, otherIdentity.Output);
        StringAssert.Contains(otherIdentity.Output, "SCSEC5112");
        Assert.AreEqual(1, otherIssuer.Code, otherIssuer.Output);
        StringAssert.Contains(otherIssuer.Output, "SCSEC5113");
        Assert.AreEqual(3, noPolicy.Code, noPolicy.Error);
        StringAssert.Contains(noPolicy.Error, "SCSEC5118");

        // The bundle referrer carries the dsse entry with its proof: sigstore-js verifies it by identity too.
        foreach (var referrer in (await client.GetReferrersAsync(image, image.Digest!.Value, SigstoreBundle.MediaType)).Referrers)
        {
            var manifest = (await client.GetManifestAsync(image.Pinned(referrer.Digest))).AsManifest();
            var bundle = NodeValidators.WriteTemp(await client.GetBlobAsync(image, manifest.Layers[0].Digest), ".sigstore.json");
            var js = await NodeValidators.VerifySigstoreKeylessBundleAsync(bundle, Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", image.Digest!.Value.ToString());
            Assert.AreEqual(0, js.ExitCode, js.StandardOutput + js.StandardError);
            StringAssert.Contains(js.StandardOutput, "tlog dsse");
        }
    }

    [TestMethod]
    public async Task A_keyless_attestation_whose_tlog_entry_was_altered_is_refused_by_us_and_by_cosign()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await PushImageAsync(client, "keyless-att/altered");
        await AttestAsync(client, image, SigningFormat.Legacy);
        var layout = new CosignTagLayout(client);
        var tag = layout.TagFor(image, CosignConventions.AttestationTagSuffix);
        var content = await client.GetManifestAsync(tag);
        var layers = content.AsManifest().Layers.Select(layer =>
        {
            var annotations = new Dictionary<string, string>(layer.Annotations!);
            var rekorBundle = JsonNode.Parse(annotations[CosignConventions.BundleAnnotation])!;
            rekorBundle["Payload"]!["integratedTime"] = rekorBundle["Payload"]!["integratedTime"]!.GetValue<long>() + 60;
            annotations[CosignConventions.BundleAnnotation] = rekorBundle.ToJsonString();
            return layer with { Annotations = annotations };
        }).ToList();
        await layout.PushManifestAsync(tag, layers, content.Digest, default);

        var ours = await Sc.RunAsync("sbom", "verify", "--image", image.ToString(), "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        var cosign = await CosignVerifyAttestationAsync(image, "--type", "cyclonedx", "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);

        Assert.AreEqual(1, ours.Code, ours.Output);
        StringAssert.Contains(ours.Output, "SCSEC5116");
        Assert.AreNotEqual(0, cosign.ExitCode, "cosign accepted an altered tlog entry");
    }

    internal static async Task AttestAsync(RegistryClient client, ImageReference image, SigningFormat format)
    {
        using var signer = await Sigstore.SignerAsync();
        var key = VerificationKey.FromSubjectPublicKeyInfo(signer.Certificate.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        var attester = new ImageAttester(AttestationStores.For(client, format, null));
        var sbom = new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6", ["version"] = 1, ["components"] = new JsonArray() };
        await attester.AttestAsync(ImageAttester.Statement([image], PredicateTypes.CycloneDx, sbom), [image], signer, key, default);
        await attester.AttestAsync(ImageAttester.Statement([image], PredicateTypes.SlsaProvenanceV1, AttestationInteropTests.Provenance(PrivateSigstore.WorkflowIdentity)), [image], signer, key, default);
    }

    internal static async Task<ImageReference> PushImageAsync(RegistryClient client, string repository)
    {
        var pushed = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        return pushed.Reference.Pinned(pushed.Manifest.Digest);
    }

    private static Task<Tools.ProcessResult> CosignVerifyAttestationAsync(ImageReference image, params string[] policy) =>
        PeerTools.CosignAsync(["verify-attestation", "--allow-http-registry", "--offline", .. policy, image.ToString()], new Dictionary<string, string?>
        {
            ["SIGSTORE_ROOT_FILE"] = Sigstore.CaRootPem,
            ["SIGSTORE_REKOR_PUBLIC_KEY"] = Sigstore.TlogPublicKey,
            ["SIGSTORE_CT_LOG_PUBLIC_KEY_FILE"] = Sigstore.CtlogPublicKey,
        });
}
