using System.Text;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>
/// Anyone who can push to a repository can add referrers to its images: a malformed or oversized one is one failed
/// check, and the image's real signature still verifies (the real registry, tag-schema fallback).
/// </summary>
[TestClass]
public sealed class BundleReferrerChecksTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task One_malformed_referrer_is_one_failed_check_and_the_real_signature_still_verifies()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/malformed-referrer");
        var layout = new BundleReferrerLayout(client);
        await new ImageSigner(client, [layout]).SignAsync(image, key, null, default);
        await PushBundleReferrerAsync(client, image, "{ this is not a bundle"u8.ToArray());

        var report = await new SignatureVerifier([layout]).VerifyAsync(image, key, new VerificationPolicy(), default);

        Assert.HasCount(2, report.Checks);
        Assert.AreEqual(1, report.VerifiedCount, string.Join("; ", report.Checks));
        StringAssert.Contains(report.Checks.Single(c => !c.Verified).Detail, "unreadable");
    }

    [TestMethod]
    public async Task A_bundle_referrer_larger_than_a_signature_can_be_is_refused_without_being_read()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        using var key = new TestSigningKey();
        var image = await PushImageAsync(client, "sig/oversized-referrer");
        var bundle = await BundleReferrerLayout.CreateBundleAsync(image.Name, image.Digest!.Value, key, null, default);
        var padded = bundle.ToBytes().Concat(Encoding.ASCII.GetBytes(new string(' ', 3 * 1024 * 1024 / 2))).ToArray();
        await PushBundleReferrerAsync(client, image, padded);

        var report = await new SignatureVerifier([new BundleReferrerLayout(client)]).VerifyAsync(image, key, new VerificationPolicy(), default);

        Assert.IsFalse(report.Verified, "a validly signed bundle padded past the limit was read: " + string.Join("; ", report.Checks));
        StringAssert.Contains(report.Checks.Single().Detail, "limit");
    }

    private static async Task<ImageReference> PushImageAsync(RegistryClient client, string repository)
    {
        var pushed = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        return pushed.Reference.Pinned(pushed.Manifest.Digest);
    }

    /// <summary>A Sigstore-bundle referrer of <paramref name="image"/> with the given bytes as its bundle, as any pusher could add.</summary>
    private static async Task PushBundleReferrerAsync(RegistryClient client, ImageReference image, byte[] bundle)
    {
        var subject = await client.ResolveAsync(image);
        var config = await client.PushBlobAsync(image, MediaTypes.OciEmpty, "{}"u8.ToArray());
        var layer = await client.PushBlobAsync(image, SigstoreBundle.MediaType, bundle);
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = SigstoreBundle.MediaType,
            Config = config,
            Layers = [layer],
            Subject = new Descriptor { MediaType = subject.MediaType, Digest = image.Digest!.Value, Size = subject.Size },
        };
        await client.PushReferrerAsync(image, OciJson.Serialize(manifest), MediaTypes.OciManifest, image.Digest!.Value);
    }
}
