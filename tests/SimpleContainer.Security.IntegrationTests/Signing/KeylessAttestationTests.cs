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

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>Keyless attestations (SBOM, provenance) against a private Sigstore, checked by cosign 2.5 and by our own verify.</summary>
[TestClass]
public sealed class KeylessAttestationTests
{
    private const string OtherIdentity = "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main";

    private static PrivateSigstore? sigstore;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static PrivateSigstore Sigstore => sigstore ?? throw new InvalidOperationException("The private Sigstore was not started.");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => sigstore = await PrivateSigstore.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (sigstore is not null)
        {
            await sigstore.DisposeAsync();
        }
    }

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

    internal static async Task AttestAsync(RegistryClient client, ImageReference image, SigningFormat format)
    {
        using var signer = await KeylessSigner.CreateAsync(OidcToken.Parse(PrivateSigstore.Token(), "test"), new KeylessOptions { FulcioUrl = Sigstore.BaseUri, RekorUrl = Sigstore.BaseUri }, default);
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
