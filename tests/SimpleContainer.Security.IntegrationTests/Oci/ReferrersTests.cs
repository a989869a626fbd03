using System.Text;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.IntegrationTests.Oci;

[TestClass]
public sealed class ReferrersTests
{
    private const string ArtifactType = "application/vnd.example.sbom+json";

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Registry_without_referrers_api_gets_the_tag_schema_index_written_and_read_back()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var subject = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, "it/referrers", "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var repository = ImageReference.Create(Host, "it/referrers");

        var first = await PushArtifactAsync(client, repository, subject.Manifest, ArtifactType, "one");
        var other = await PushArtifactAsync(client, repository, subject.Manifest, "application/vnd.example.other", "two");
        var all = await client.GetReferrersAsync(repository, subject.Manifest.Digest);
        var filtered = await client.GetReferrersAsync(repository, subject.Manifest.Digest, ArtifactType);

        Assert.IsTrue(all.UsedFallbackTag, "distribution 2.8 answers 404 on the referrers API");
        CollectionAssert.AreEquivalent(new[] { first.Digest, other.Digest }, all.Referrers.Select(r => r.Digest).ToArray());
        Assert.AreEqual(first.Digest, filtered.Referrers.Single().Digest);
        Assert.AreEqual(ArtifactType, filtered.Referrers.Single().ArtifactType);
        var index = await client.GetManifestAsync(ImageReference.Create(Host, "it/referrers", subject.Manifest.Digest.ToTagPrefix()));
        Assert.AreEqual(MediaTypes.OciIndex, index.MediaType);
    }

    [TestMethod]
    public async Task Pushing_the_same_referrer_twice_keeps_one_entry()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var subject = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, "it/referrers-idempotent", "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var repository = ImageReference.Create(Host, "it/referrers-idempotent");

        await PushArtifactAsync(client, repository, subject.Manifest, ArtifactType, "same");
        await PushArtifactAsync(client, repository, subject.Manifest, ArtifactType, "same");

        Assert.AreEqual(1, (await client.GetReferrersAsync(repository, subject.Manifest.Digest)).Referrers.Count);
    }

    [TestMethod]
    public async Task Eight_concurrent_writers_all_end_up_in_the_fallback_index()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var subject = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, "it/referrers-race", "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var repository = ImageReference.Create(Host, "it/referrers-race");

        var pushed = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PushArtifactAsync(client, repository, subject.Manifest, ArtifactType, $"writer-{i}")));
        var referrers = await client.GetReferrersAsync(repository, subject.Manifest.Digest);

        CollectionAssert.AreEquivalent(pushed.Select(p => p.Digest).ToArray(), referrers.Referrers.Select(r => r.Digest).ToArray());
    }

    [TestMethod]
    public async Task A_referrer_refused_for_a_blob_another_writer_is_still_committing_is_sent_again()
    {
        using var setup = AssemblySetup.Registries.CreatePlainClient();
        var subject = await new ImageFixtureBuilder(setup).PushImageAsync(ImageReference.Create(Host, "it/referrers-blob-race", "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        using var refusing = new RefusesFirstManifestPut(new SocketsHttpHandler());
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new SimpleContainer.Security.TestSupport.TestRegistries.FixedCredentials(null),
            Transport = new RegistryTransportPolicy([Host]),
            Handler = refusing,
        });
        var repository = ImageReference.Create(Host, "it/referrers-blob-race");

        var pushed = await PushArtifactAsync(client, repository, subject.Manifest, ArtifactType, "raced");

        Assert.AreEqual(1, refusing.Refused);
        Assert.AreEqual(pushed.Digest, (await client.GetReferrersAsync(repository, subject.Manifest.Digest)).Referrers.Single().Digest);
    }

    [TestMethod]
    public async Task No_referrers_is_an_empty_list()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var result = await client.GetReferrersAsync(ImageReference.Create(Host, "fixtures/alpine"), AssemblySetup.Registries.Images.Alpine.Manifest.Digest);
        Assert.AreEqual(0, result.Referrers.Count);
    }

    private static async Task<Descriptor> PushArtifactAsync(RegistryClient client, ImageReference repository, Descriptor subject, string artifactType, string payload)
    {
        var empty = await client.PushBlobAsync(repository, MediaTypes.OciEmpty, "{}"u8.ToArray());
        var layer = await client.PushBlobAsync(repository, artifactType, Encoding.UTF8.GetBytes($"{{\"payload\":\"{payload}\"}}"));
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            ArtifactType = artifactType,
            Config = empty,
            Layers = [layer],
            Subject = subject with { Platform = null },
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" },
        };
        return await client.PushReferrerAsync(repository, OciJson.Serialize(manifest), MediaTypes.OciManifest, subject.Digest);
    }

    /// <summary>
    /// Answers the first manifest PUT as distribution 2.8 did in a CI run while eight writers committed the same empty
    /// config blob (its link file is written in place, so a reader can find it empty): 400 with DIGEST_INVALID and
    /// MANIFEST_BLOB_UNKNOWN. Everything else goes to the registry.
    /// </summary>
    private sealed class RefusesFirstManifestPut(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int refused;

        public int Refused => Volatile.Read(ref refused);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal) && Interlocked.CompareExchange(ref refused, 1, 0) == 0)
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest)
                {
                    Content = new StringContent(
                        """{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"},{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry","detail":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}]}""",
                        Encoding.UTF8,
                        "application/json"),
                };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
