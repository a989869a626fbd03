using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;
using SimpleContainer.Security.Sigstore.Trust;
using SimpleContainer.Security.Sigstore.Verification;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>
/// The SCTs that @sigstore/mock's Fulcio embeds (signed by the CT log key its trusted root names), checked by our
/// verifier: accepted as issued, refused when altered, when the root names another CT log, and skipped by a root
/// without CT logs.
/// </summary>
[TestClass]
public sealed class CertificateTransparencyTests
{
    /// <summary>The run's private Sigstore, shared by every keyless test class (<see cref="AssemblySetup.SigstoreAsync"/>).</summary>
    private static PrivateSigstore Sigstore { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => Sigstore = await AssemblySetup.SigstoreAsync();

    [TestMethod]
    public async Task The_embedded_SCT_of_a_Fulcio_certificate_verifies_against_the_trusted_roots_CT_log_and_a_tampered_one_is_refused()
    {
        var (leaf, issuer) = await CertificateAsync();
        var root = TrustedRoot.Load(Sigstore.TrustedRoot);
        Assert.IsNotNull(leaf.Extensions[CertificateTransparencyVerifier.SctListOid], "the mock's Fulcio embeds an SCT list");

        CertificateTransparencyVerifier.VerifyEmbedded(leaf, issuer, root);

        var tampered = X509CertificateLoader.LoadCertificate(Tamper(leaf));
        var error = Assert.ThrowsExactly<ScException>(() => CertificateTransparencyVerifier.VerifyEmbedded(tampered, issuer, root));
        Assert.AreEqual("SCSEC5150", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "does not verify");
        var otherIssuer = Assert.ThrowsExactly<ScException>(() => CertificateTransparencyVerifier.VerifyEmbedded(leaf, leaf, root));
        Assert.AreEqual("SCSEC5150", otherIssuer.Diagnostic.Code, "the issuer key hash is part of what the log signed");
    }

    [TestMethod]
    public async Task Sc_image_verify_refuses_a_certificate_whose_SCT_is_from_a_CT_log_the_root_does_not_name_and_skips_SCTs_for_a_root_without_CT_logs()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await KeylessAttestationTests.PushImageAsync(client, "keyless-sct/verify");
        using (var signer = await Sigstore.SignerAsync())
        {
            await new ImageSigner(client, SignatureStores.For(client, SigningFormat.Both, (string?)null)).SignAsync(image, signer, null, default);
        }

        var rootJson = JsonNode.Parse(await File.ReadAllTextAsync(Sigstore.TrustedRoot))!;
        var foreignLog = (JsonObject)rootJson["ctlogs"]![0]!.DeepClone();
        foreignLog["logId"]!["keyId"] = Convert.ToBase64String(new byte[32]);
        var foreign = rootJson.DeepClone();
        foreign["ctlogs"] = new JsonArray(foreignLog);
        var withoutCt = rootJson.DeepClone();
        withoutCt["ctlogs"] = new JsonArray();
        string Write(JsonNode node, string name)
        {
            var path = Path.Combine(Sigstore.Folder, name);
            File.WriteAllText(path, node.ToJsonString());
            return path;
        }

        string[] Verify(string trustedRoot) => ["image", "verify", "--image", image.ToString(), "--trusted-root", trustedRoot, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer];
        var ok = await Sc.RunAsync(Verify(Sigstore.TrustedRoot));
        var refused = await Sc.RunAsync(Verify(Write(foreign, "foreign-ct.json")));
        var skipped = await Sc.RunAsync(Verify(Write(withoutCt, "no-ct.json")));

        Assert.AreEqual(0, ok.Code, ok.Output + ok.Error);
        Assert.AreEqual(1, refused.Code, refused.Output + refused.Error);
        StringAssert.Contains(refused.Output, "SCSEC5150", refused.Error);
        StringAssert.Contains(refused.Output, "does not name");
        Assert.AreEqual(0, skipped.Code, skipped.Output + skipped.Error);
    }

    private static async Task<(X509Certificate2 Leaf, X509Certificate2 Issuer)> CertificateAsync()
    {
        using var signer = await Sigstore.SignerAsync();
        var leaf = X509CertificateLoader.LoadCertificate(signer.Certificate.Leaf.RawData);
        Assert.IsNotEmpty(signer.Certificate.Chain, "Fulcio answers with the chain");
        var issuer = X509CertificateLoader.LoadCertificate(signer.Certificate.Chain[0].RawData);
        return (leaf, issuer);
    }

    /// <summary>The certificate's DER with the last byte of its (first) SCT's signature flipped.</summary>
    private static byte[] Tamper(X509Certificate2 certificate)
    {
        var list = AsnDecoder.ReadOctetString(certificate.Extensions[CertificateTransparencyVerifier.SctListOid]!.RawData, AsnEncodingRules.DER, out _);
        var firstSctLength = (list[2] << 8) | list[3];
        var lastSignatureByte = 4 + firstSctLength - 1;
        var raw = certificate.RawData;
        var at = raw.AsSpan().IndexOf(list);
        Assert.IsTrue(at >= 0, "the SCT list is in the certificate's DER");
        raw[at + lastSignatureByte] ^= 0x01;
        return raw;
    }
}
