using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Timestamp;
using SimpleContainer.Security.Sigstore.Trust;
using SimpleContainer.Security.Sigstore.Verification;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>RFC 3161 timestamps (ScTimestampUrl) from the private Sigstore's TSA (@sigstore/mock) in keyless signatures.</summary>
[TestClass]
public sealed class RfcTimestampTests
{
    /// <summary>The run's private Sigstore, shared by every keyless test class (<see cref="AssemblySetup.SigstoreAsync"/>).</summary>
    private static PrivateSigstore Sigstore { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => Sigstore = await AssemblySetup.SigstoreAsync();

    [TestMethod]
    public async Task A_keyless_signature_with_a_tsa_timestamp_verifies_with_sigstore_js_and_ours_in_both_layouts()
    {
        var (record, layout) = await SigningStageFixture.PushAsync("keyless/tsa", "sc-keyless-tsa-");
        var options = new SigningOptions
        {
            Keyless = true,
            Format = SigningFormat.Both,
            KeylessServices = Sigstore.Services(timestamped: true),
            TrustedRootPath = Sigstore.TrustedRoot,
        };

        var logBefore = Sigstore.Log.Length;   // the Sigstore is shared: only this signing's requests count
        var signed = await SigningStageFixture.RunAsync(record, layout, options, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));

        Assert.AreEqual(StageOutcome.Succeeded, signed.Outcome, string.Join("\n", signed.Diagnostics) + Sigstore.Log);
        StringAssert.Contains(Sigstore.Log[logBefore..], "POST /api/v1/timestamp -> 200");
        var bundlePath = Path.Combine(layout.Root, "signature.sigstore.json");
        var bundle = await File.ReadAllBytesAsync(bundlePath);
        var timestamps = JsonNode.Parse(bundle)!["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]!.AsArray();
        Assert.HasCount(1, timestamps);

        var js = await NodeValidators.VerifySigstoreKeylessBundleAsync(bundlePath, Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(0, js.ExitCode, js.StandardOutput + js.StandardError);
        var legacyBundle = Path.Combine(layout.Root, "signature.legacy.sigstore.json");
        var payload = NodeValidators.WriteTemp(new SimpleSigningPayload(record.Registry + "/" + record.Repository, Digest.Parse(record.Digest), null).ToBytes(), ".payload.json");
        var jsLegacy = await NodeValidators.VerifySigstoreKeylessBundleAsync(legacyBundle, Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--artifact", payload);
        Assert.AreEqual(0, jsLegacy.ExitCode, jsLegacy.StandardOutput + jsLegacy.StandardError);
        StringAssert.Contains(await File.ReadAllTextAsync(legacyBundle), "rfc3161Timestamps");

        using (var client = AssemblySetup.Registries.CreatePlainClient())
        {
            var legacy = (await new SimpleContainer.Security.Signing.Stores.CosignTagLayout(client, null).ReadAsync(ImageReference.Parse(record.Reference!), default)).Single();
            var annotation = JsonNode.Parse(legacy.Annotations[CosignConventions.Rfc3161TimestampAnnotation])!.AsObject();
            Assert.AreEqual("SignedRFC3161Timestamp", annotation.Single().Key);
            var timestamp = Convert.FromBase64String(annotation["SignedRFC3161Timestamp"]!.GetValue<string>());
            var signedAt = RfcTimestampVerifier.Verify(timestamp, legacy.Signature, TrustedRoot.Load(Sigstore.TrustedRoot));
            Assert.IsLessThan(TimeSpan.FromMinutes(5), (DateTimeOffset.UtcNow - signedAt).Duration());
        }

        // Our verify reads the legacy layer's dev.sigstore.cosign/rfc3161timestamp annotation and the bundle's timestamps.
        var ours = await Sc.RunAsync("image", "verify", "--image", record.Reference!, "--trusted-root", Sigstore.TrustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);
        Assert.AreEqual(0, ours.Code, ours.Output + ours.Error);
        Assert.AreEqual(2, ours.Output.Split('\n').Count(l => l.StartsWith("ok  ", StringComparison.Ordinal)), ours.Output);
        var root = TrustedRoot.Load(Sigstore.TrustedRoot);
        var verdict = KeylessBundleVerifier.VerifyImageSignature(bundle, Digest.Parse(record.Digest), new KeylessVerifier(root, IdentityPolicy.Create(PrivateSigstore.WorkflowIdentity, null, PrivateSigstore.GitHubIssuer, null)));
        Assert.AreEqual(PrivateSigstore.WorkflowIdentity, verdict.Identity.Identity);
    }

    [TestMethod]
    public async Task A_timestamp_over_other_bytes_or_from_an_untrusted_authority_is_refused_each_with_its_own_code()
    {
        var (record, layout) = await SigningStageFixture.PushAsync("keyless/tsa-other", "sc-keyless-tsa-");
        var options = new SigningOptions
        {
            Keyless = true,
            Format = SigningFormat.Bundle,
            KeylessServices = Sigstore.Services(timestamped: true),
            TrustedRootPath = Sigstore.TrustedRoot,
        };
        var signed = await SigningStageFixture.RunAsync(record, layout, options, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));
        Assert.AreEqual(StageOutcome.Succeeded, signed.Outcome, string.Join("\n", signed.Diagnostics));
        using var http = new SigstoreHttp(null);
        var otherTimestamp = await new TimestampAuthorityClient(Sigstore.TimestampUrl, http).TimestampAsync("other bytes"u8.ToArray(), default);
        var json = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(layout.Root, "signature.sigstore.json")))!;
        json["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]![0]!["signedTimestamp"] = Convert.ToBase64String(otherTimestamp);
        var tampered = Encoding.UTF8.GetBytes(json.ToJsonString());
        var tamperedPath = NodeValidators.WriteTemp(tampered, ".sigstore.json");

        var root = TrustedRoot.Load(Sigstore.TrustedRoot);
        var error = Assert.ThrowsExactly<ScException>(() => KeylessBundleVerifier.VerifyImageSignature(tampered, Digest.Parse(record.Digest), new KeylessVerifier(root, IdentityPolicy.Create(PrivateSigstore.WorkflowIdentity, null, PrivateSigstore.GitHubIssuer, null))));
        var js = await NodeValidators.VerifySigstoreKeylessBundleAsync(tamperedPath, Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", record.Digest);

        Assert.AreEqual("SCSEC5142", error.Diagnostic.Code);
        Assert.AreEqual(1, js.ExitCode, js.StandardOutput);

        // The genuine bundle against a root that names no timestamp authority: the timestamp is untrusted (its own code).
        var rootJson = JsonNode.Parse(await File.ReadAllBytesAsync(Sigstore.TrustedRoot))!;
        rootJson.AsObject().Remove("timestampAuthorities");
        var noTsaRoot = TrustedRoot.Parse(Encoding.UTF8.GetBytes(rootJson.ToJsonString()), "no TSA");
        var untrusted = Assert.ThrowsExactly<ScException>(() => KeylessBundleVerifier.VerifyImageSignature(File.ReadAllBytes(Path.Combine(layout.Root, "signature.sigstore.json")), Digest.Parse(record.Digest), new KeylessVerifier(noTsaRoot, IdentityPolicy.Create(PrivateSigstore.WorkflowIdentity, null, PrivateSigstore.GitHubIssuer, null))));
        Assert.AreEqual("SCSEC5141", untrusted.Diagnostic.Code);
    }
}
