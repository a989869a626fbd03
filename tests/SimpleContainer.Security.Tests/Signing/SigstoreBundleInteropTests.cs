using System.Text;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.Tests.Signing;

/// <summary>Our signing bundles against Sigstore's own verifier (sigstore-js @sigstore/verify 3.1.1), offline with the public key.</summary>
[TestClass]
public sealed class SigstoreBundleInteropTests
{
    private static readonly Digest Image = Digest.Sha256("an image manifest"u8);

    [TestMethod]
    public async Task Sigstore_js_accepts_our_bundle_and_our_verifier_reads_it_back()
    {
        using var key = new TestSigningKey();
        var (bundlePath, publicKey) = await WriteAsync(key, await BundleReferrerLayout.CreateBundleAsync("registry.test/team/app", Image, key, null, default));

        var result = await NodeValidators.VerifySigstoreBundleAsync(bundlePath, publicKey, Image.ToString(), InTotoStatement.CosignSignPredicateType);

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.StartsWith(result.StandardOutput, "VALID");
        var bundle = SigstoreBundle.Parse(await File.ReadAllBytesAsync(bundlePath));
        Assert.AreEqual(key.PublicKeyHint, bundle.PublicKeyHint);
        Assert.AreEqual(DsseEnvelope.InTotoPayloadType, bundle.Envelope.PayloadType);
    }

    [TestMethod]
    public async Task Sigstore_js_rejects_a_tampered_statement_another_key_and_another_digest()
    {
        using var key = new TestSigningKey();
        using var other = new TestSigningKey();
        var bundle = await BundleReferrerLayout.CreateBundleAsync("registry.test/team/app", Image, key, null, default);
        var (bundlePath, publicKey) = await WriteAsync(key, bundle);
        var (_, otherKey) = await WriteAsync(other, bundle);
        var forged = Encoding.UTF8.GetString(bundle.Envelope.PayloadBytes).Replace(Image.Hex, Digest.Sha256("another"u8).Hex, StringComparison.Ordinal);
        var tampered = bundle with { Envelope = bundle.Envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)) } };
        var (tamperedPath, _) = await WriteAsync(key, tampered);

        Assert.AreEqual(1, (await NodeValidators.VerifySigstoreBundleAsync(tamperedPath, publicKey, Digest.Sha256("another"u8).ToString(), InTotoStatement.CosignSignPredicateType)).ExitCode, "tampered statement");
        Assert.AreEqual(1, (await NodeValidators.VerifySigstoreBundleAsync(bundlePath, otherKey, Image.ToString(), InTotoStatement.CosignSignPredicateType)).ExitCode, "another key");
        Assert.AreEqual(1, (await NodeValidators.VerifySigstoreBundleAsync(bundlePath, publicKey, Digest.Sha256("x"u8).ToString(), InTotoStatement.CosignSignPredicateType)).ExitCode, "another digest");
    }

    private static async Task<(string Bundle, string PublicKey)> WriteAsync(TestSigningKey key, SigstoreBundle bundle)
    {
        var folder = Directory.CreateTempSubdirectory("sc-bundle-").FullName;
        var bundlePath = Path.Combine(folder, "bundle.json");
        await File.WriteAllBytesAsync(bundlePath, bundle.ToBytes());
        var publicKey = Path.Combine(folder, "key.pub");
        await File.WriteAllTextAsync(publicKey, key.PublicKeyPem);
        return (bundlePath, publicKey);
    }
}
