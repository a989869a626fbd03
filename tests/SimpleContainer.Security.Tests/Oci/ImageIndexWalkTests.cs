using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class ImageIndexWalkTests
{
    private readonly Dictionary<Digest, ManifestContent> _store = [];
    private readonly List<Digest> _reads = [];

    [TestMethod]
    public async Task A_plain_manifest_is_its_own_only_subject()
    {
        var manifest = Image("amd64");

        var subjects = await ImageIndexWalk.SigningSubjectsAsync(manifest.Content, Read, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { manifest.Content.Digest }, subjects.ToArray());
        Assert.IsEmpty(_reads);
    }

    [TestMethod]
    public async Task Signing_covers_the_index_then_every_manifest_it_lists_attestation_manifests_included()
    {
        var (index, amd64, arm64, attestation) = BuildKitIndex();

        var subjects = await ImageIndexWalk.SigningSubjectsAsync(index, Read, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { index.Digest, amd64.Digest, arm64.Digest, attestation.Digest }, subjects.ToArray());
        Assert.IsEmpty(_reads, "image manifests are signed by the digest the index names, without reading them");
    }

    [TestMethod]
    public async Task Cataloguing_covers_the_platform_images_and_not_the_attestation_manifest()
    {
        var (index, amd64, arm64, attestation) = BuildKitIndex();

        var images = await ImageIndexWalk.PlatformImagesAsync(index.AsIndex(), Read, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { amd64.Digest, arm64.Digest }, images.Select(i => i.Entry.Digest).ToArray());
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64" }, images.Select(i => i.Entry.Platform!.ToString()).ToArray());
        Assert.IsTrue(images.All(i => i.Manifest.Digest == i.Entry.Digest));
        Assert.IsTrue(ImageIndexWalk.IsAttestationManifest(attestation));
        Assert.IsFalse(ImageIndexWalk.IsPlatformImage(attestation));
    }

    [TestMethod]
    public async Task A_nested_index_is_walked_depth_first_index_before_its_children()
    {
        var amd64 = Image("amd64");
        var arm64 = Image("arm64");
        var nested = Index([arm64.Entry]);
        var top = Index([amd64.Entry, nested.Entry, Artifact()]);

        var subjects = await ImageIndexWalk.SigningSubjectsAsync(top.Content, Read, CancellationToken.None);
        var images = await ImageIndexWalk.PlatformImagesAsync(top.Content.AsIndex(), Read, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { top.Content.Digest, amd64.Content.Digest, nested.Content.Digest, arm64.Content.Digest }, subjects.ToArray());
        CollectionAssert.AreEqual(new[] { amd64.Content.Digest, arm64.Content.Digest }, images.Select(i => i.Entry.Digest).ToArray());
    }

    [TestMethod]
    public async Task An_entry_listed_many_times_is_signed_and_read_once()
    {
        var amd64 = Image("amd64");
        var nested = Index([amd64.Entry, amd64.Entry]);
        var top = Index([nested.Entry, nested.Entry, amd64.Entry]);

        var subjects = await ImageIndexWalk.SigningSubjectsAsync(top.Content, Read, CancellationToken.None);
        _reads.Clear();
        var images = await ImageIndexWalk.PlatformImagesAsync(top.Content.AsIndex(), Read, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { top.Content.Digest, nested.Content.Digest, amd64.Content.Digest }, subjects.ToArray());
        Assert.HasCount(1, images);
        CollectionAssert.AreEqual(new[] { nested.Content.Digest, amd64.Content.Digest }, _reads.ToArray());
    }

    [TestMethod]
    public void An_attestation_manifest_is_known_by_its_platform_or_by_BuildKits_annotation()
    {
        var byAnnotation = Image("amd64").Entry with { Annotations = new Dictionary<string, string> { ["vnd.docker.reference.type"] = "attestation-manifest" } };
        var unknownOsOnly = Image("amd64").Entry with { Platform = new Platform { Os = "unknown", Architecture = "amd64" } };

        Assert.IsTrue(ImageIndexWalk.IsAttestationManifest(byAnnotation));
        Assert.IsFalse(ImageIndexWalk.IsAttestationManifest(unknownOsOnly));
        Assert.IsFalse(ImageIndexWalk.IsPlatformImage(Index([]).Entry), "an index is not a platform image");
    }

    private (ManifestContent Index, Descriptor Amd64, Descriptor Arm64, Descriptor Attestation) BuildKitIndex()
    {
        var amd64 = Image("amd64");
        var arm64 = Image("arm64");
        var attestation = Image("attestation");
        var attestationEntry = attestation.Entry with
        {
            Platform = new Platform { Os = "unknown", Architecture = "unknown" },
            Annotations = new Dictionary<string, string>
            {
                ["vnd.docker.reference.type"] = "attestation-manifest",
                ["vnd.docker.reference.digest"] = amd64.Content.Digest.ToString(),
            },
        };
        return (Index([amd64.Entry, arm64.Entry, attestationEntry]).Content, amd64.Entry, arm64.Entry, attestationEntry);
    }

    private (ManifestContent Content, Descriptor Entry) Image(string architecture)
    {
        var config = Descriptor.For(MediaTypes.OciConfig, System.Text.Encoding.UTF8.GetBytes($$"""{"architecture":"{{architecture}}","os":"linux"}"""));
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config };
        var content = Store(OciJson.Serialize(manifest), MediaTypes.OciManifest);
        return (content, content.ToDescriptor(new Platform { Os = "linux", Architecture = architecture }));
    }

    private (ManifestContent Content, Descriptor Entry) Index(IReadOnlyList<Descriptor> entries)
    {
        var content = Store(OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries }), MediaTypes.OciIndex);
        return (content, content.ToDescriptor());
    }

    private static Descriptor Artifact() => Descriptor.For("application/vnd.example.artifact", [1, 2, 3]);

    private ManifestContent Store(byte[] bytes, string mediaType)
    {
        var content = ManifestContent.FromBytes(bytes, mediaType);
        _store[content.Digest] = content;
        return content;
    }

    private Task<ManifestContent> Read(Descriptor entry, CancellationToken cancellationToken)
    {
        _reads.Add(entry.Digest);
        return Task.FromResult(_store[entry.Digest]);
    }
}
