using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;
using SimpleContainer.Security.Sigstore.Verification;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>Keyless signing in the signing stage against a private Sigstore (@sigstore/mock's Fulcio v2 and Rekor v1 on loopback).</summary>
[TestClass]
public sealed class KeylessSigningTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    /// <summary>The run's private Sigstore, shared by every keyless test class (<see cref="AssemblySetup.SigstoreAsync"/>).</summary>
    private static PrivateSigstore Sigstore { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => Sigstore = await AssemblySetup.SigstoreAsync();

    [TestMethod]
    public async Task Keyless_signing_writes_both_layouts_and_bundles_that_sigstore_js_verifies_by_identity_and_issuer()
    {
        var (record, layout) = await PushAsync("keyless/both");

        var result = await RunAsync(record, layout, Options() with { Keyless = true, Format = SigningFormat.Both }, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics) + Sigstore.Log);
        var summary = result.Diagnostics.Single();
        Assert.AreEqual("SCSEC5110", summary.Code);
        StringAssert.Contains(summary.Message, PrivateSigstore.WorkflowIdentity);
        StringAssert.Contains(summary.Message, PrivateSigstore.GitHubIssuer);
        var bundles = result.Artifacts.Where(a => a.Kind == KeylessSigning.KeylessBundleKind).Select(a => a.Path).ToList();
        CollectionAssert.AreEquivalent(new[] { "signature.sigstore.json", "signature.legacy.sigstore.json" }, bundles.Select(Path.GetFileName).ToList());

        var dsse = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.sigstore.json"), Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(0, dsse.ExitCode, dsse.StandardOutput + dsse.StandardError);
        StringAssert.Contains(dsse.StandardOutput, "tlog dsse");

        var payload = NodeValidators.WriteTemp(new SimpleSigningPayload(record.Registry + "/" + record.Repository, Digest.Parse(record.Digest), null).ToBytes(), ".payload.json");
        var message = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.legacy.sigstore.json"), Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--artifact", payload);
        Assert.AreEqual(0, message.ExitCode, message.StandardOutput + message.StandardError);
        StringAssert.Contains(message.StandardOutput, "tlog hashedrekord");

        var otherIdentity = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.sigstore.json"), Sigstore.TrustedRoot, "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main", PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(1, otherIdentity.ExitCode, otherIdentity.StandardOutput);
    }

    [TestMethod]
    public async Task Cosign_2_5_verifies_our_keyless_legacy_signature_offline_by_identity_and_rejects_another_issuer()
    {
        var (record, layout) = await PushAsync("keyless/legacy");

        var result = await RunAsync(record, layout, Options() with { Keyless = true, Format = SigningFormat.Legacy }, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));
        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics) + Sigstore.Log);

        var verified = await CosignVerifyAsync(record.Reference!, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        Assert.AreEqual(0, verified.ExitCode, verified.StandardError);
        var byRegexp = await CosignVerifyAsync(record.Reference!, "--certificate-identity-regexp", "^https://github.com/sc/demo/", "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        Assert.AreEqual(0, byRegexp.ExitCode, byRegexp.StandardError);
        var otherIssuer = await CosignVerifyAsync(record.Reference!, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", "https://gitlab.com");
        Assert.AreNotEqual(0, otherIssuer.ExitCode);
    }

    [TestMethod]
    public async Task A_Rekor_409_for_this_very_entry_is_resolved_by_fetching_it()
    {
        // The first upload lands but its answer is lost: the proxy forwards it and answers 409 with the entry's Location.
        await using var proxy = await RekorProxy.StartAsync(Sigstore.BaseUri, RekorProxy.Mode.ConflictAfterForwarding);
        using var signer = await KeylessSigner.CreateAsync(OidcToken.Parse(PrivateSigstore.Token(), "test"), Sigstore.Services() with { RekorUrl = proxy.BaseUri }, default);

        var material = await signer.SignAsync("{\"payload\":1}"u8.ToArray(), default);

        Assert.AreEqual(proxy.LoggedUuid, material.TlogEntry!.Uuid);
        Assert.AreEqual(1, proxy.Conflicts);
    }

    [TestMethod]
    public async Task A_Rekor_409_that_points_at_another_entry_is_refused()
    {
        await using var proxy = await RekorProxy.StartAsync(Sigstore.BaseUri, RekorProxy.Mode.ConflictToFirstEntry);
        using var signer = await KeylessSigner.CreateAsync(OidcToken.Parse(PrivateSigstore.Token(), "test"), Sigstore.Services() with { RekorUrl = proxy.BaseUri }, default);
        await signer.SignAsync("{\"first\":1}"u8.ToArray(), default);

        var error = await Assert.ThrowsExactlyAsync<Diagnostics.ScException>(() => signer.SignAsync("{\"second\":2}"u8.ToArray(), default));

        Assert.AreEqual("SCSEC5109", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "hash");
    }

    [TestMethod]
    public async Task Our_verify_accepts_our_keyless_signatures_in_both_layouts_by_identity_and_refuses_another_identity_or_issuer()
    {
        var (record, layout) = await PushAsync("keyless/ours");
        var signed = await RunAsync(record, layout, Options() with { Keyless = true, Format = SigningFormat.Both, TrustedRootPath = Sigstore.TrustedRoot }, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));
        Assert.AreEqual(StageOutcome.Succeeded, signed.Outcome, string.Join("\n", signed.Diagnostics));

        var ok = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        var otherIdentity = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity-regexp", "^https://github.com/evil/", "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        var otherIssuer = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer-regexp", "^https://gitlab\\.com$");
        var publicGood = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        var noPolicy = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot);

        Assert.AreEqual(0, ok.Code, ok.Output + ok.Error);
        Assert.AreEqual(2, ok.Output.Split('\n').Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)), ok.Output);
        StringAssert.Contains(ok.Output, "SCSEC5120");
        Assert.AreEqual(1, otherIdentity.Code);
        StringAssert.Contains(otherIdentity.Output, "SCSEC5112");
        Assert.AreEqual(1, otherIssuer.Code);
        StringAssert.Contains(otherIssuer.Output, "SCSEC5113");
        Assert.AreEqual(1, publicGood.Code);
        StringAssert.Contains(publicGood.Output, "SCSEC5116");
        Assert.AreEqual(3, noPolicy.Code, noPolicy.Error);
        StringAssert.Contains(noPolicy.Error, "SCSEC5118");
    }

    [TestMethod]
    public async Task Sc_image_sign_signs_keyless_without_a_key_when_a_token_is_there_and_sc_image_verify_accepts_it()
    {
        var (record, _) = await PushAsync("keyless/cli");
        var environment = new Dictionary<string, string?> { ["SIGSTORE_ID_TOKEN"] = PrivateSigstore.Token() };

        var sign = await Sc.RunAsync(environment, "image", "sign", "--image", record.Reference!, "--fulcio-url", Sigstore.BaseUri.ToString(), "--rekor-url", Sigstore.BaseUri.ToString(), "--trusted-root", Sigstore.TrustedRoot);
        var noToken = await Sc.RunAsync("image", "sign", "--image", record.Reference!, "--keyless", "--fulcio-url", Sigstore.BaseUri.ToString(), "--rekor-url", Sigstore.BaseUri.ToString());
        var verify = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);

        Assert.AreEqual(0, sign.Code, sign.Output + sign.Error);
        Assert.AreEqual(3, noToken.Code, noToken.Error);
        StringAssert.Contains(noToken.Error, "SCSEC5100");
        Assert.AreEqual(0, verify.Code, verify.Output + verify.Error);
    }

    [TestMethod]
    public async Task Our_verify_accepts_a_keyless_signature_that_cosign_2_5_made_against_the_private_sigstore()
    {
        var (record, _) = await PushAsync("keyless/by-cosign");
        await using var shim = await FulcioV1Shim.StartAsync(Sigstore.BaseUri);

        var sign = await PeerTools.CosignAsync(["sign", "--fulcio-url", shim.BaseUri.ToString().TrimEnd('/'), "--rekor-url", shim.BaseUri.ToString().TrimEnd('/'), "--identity-token", PrivateSigstore.Token(), "--allow-http-registry", "--yes", record.Reference!], CosignTrust());
        Assert.AreEqual(0, sign.ExitCode, sign.StandardError);

        var ok = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        var otherIssuer = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", "https://gitlab.com");

        Assert.AreEqual(0, ok.Code, ok.Output + ok.Error);
        StringAssert.Contains(ok.Output, "[legacy] verified");
        Assert.AreEqual(1, otherIssuer.Code);
    }

    [TestMethod]
    public async Task Each_tampering_with_a_keyless_bundle_is_refused_with_its_own_code()
    {
        var (record, layout) = await PushAsync("keyless/tamper");
        var signed = await RunAsync(record, layout, Options() with { Keyless = true, Format = SigningFormat.Bundle }, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));
        Assert.AreEqual(StageOutcome.Succeeded, signed.Outcome, string.Join("\n", signed.Diagnostics));
        var bundle = await File.ReadAllBytesAsync(Path.Combine(layout.Root, "signature.sigstore.json"));
        var root = SimpleContainer.Security.Sigstore.Trust.TrustedRoot.Load(Sigstore.TrustedRoot);
        var digest = Digest.Parse(record.Digest);
        string Code(byte[] json, Digest d, IdentityPolicy policy) =>
            Assert.ThrowsExactly<Diagnostics.ScException>(() => KeylessBundleVerifier.VerifyImageSignature(json, d, new KeylessVerifier(root, policy))).Diagnostic.Code;
        var right = IdentityPolicy.Create(PrivateSigstore.WorkflowIdentity, null, PrivateSigstore.GitHubIssuer, null);

        var verdict = KeylessBundleVerifier.VerifyImageSignature(bundle, digest, new KeylessVerifier(root, right));
        Assert.AreEqual(PrivateSigstore.WorkflowIdentity, verdict.Identity.Identity);
        Assert.AreEqual("SCSEC5112", Code(bundle, digest, IdentityPolicy.Create("https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main", null, PrivateSigstore.GitHubIssuer, null)));
        Assert.AreEqual("SCSEC5113", Code(bundle, digest, IdentityPolicy.Create(PrivateSigstore.WorkflowIdentity, null, "https://gitlab.com", null)));
        Assert.AreEqual("SCSEC5117", Code(bundle, Digest.Parse("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("another image"u8))), right));
        var json = System.Text.Json.Nodes.JsonNode.Parse(bundle)!;
        var entry = json["verificationMaterial"]!["tlogEntries"]![0]!;
        entry["integratedTime"] = (long.Parse(entry["integratedTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual("SCSEC5116", Code(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), digest, right));
    }

    private static Task<Tools.ProcessResult> CosignVerifyAsync(string reference, params string[] policy) =>
        PeerTools.CosignAsync(["verify", "--allow-http-registry", "--offline", .. policy, reference], CosignTrust());

    /// <summary>What cosign 2.5 needs to trust the private Sigstore offline (no TUF).</summary>
    private static Dictionary<string, string?> CosignTrust() => new()
    {
        ["SIGSTORE_ROOT_FILE"] = Sigstore.CaRootPem,
        ["SIGSTORE_REKOR_PUBLIC_KEY"] = Sigstore.TlogPublicKey,
        ["SIGSTORE_CT_LOG_PUBLIC_KEY_FILE"] = Sigstore.CtlogPublicKey,
    };

    private static SigningOptions Options() => new()
    {
        KeylessServices = Sigstore.Services(),
    };

    private static Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SigningOptions options, params (string Name, string Value)[] environment) =>
        SigningStageFixture.RunAsync(record, layout, options, environment);

    private static Task<(ImageRecord Record, SecurityArtifactLayout Layout)> PushAsync(string repository) => SigningStageFixture.PushAsync(repository, "sc-keyless-");
}
