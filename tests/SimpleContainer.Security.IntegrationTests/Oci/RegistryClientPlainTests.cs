using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.IntegrationTests.Oci;

[TestClass]
public sealed class RegistryClientPlainTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    [DataRow("fixtures/debian", "12", MediaTypes.OciManifest)]
    [DataRow("fixtures/debian-docker", "12", MediaTypes.DockerManifest)]
    [DataRow("fixtures/multiarch", "12", MediaTypes.OciIndex)]
    [DataRow("fixtures/multiarch-docker", "12", MediaTypes.DockerManifestList)]
    public async Task Reads_each_manifest_media_type_by_tag_and_by_digest_exactly_as_pushed(string repository, string tag, string mediaType)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var byTag = await client.GetManifestAsync(ImageReference.Create(Host, repository, tag));
        var byDigest = await client.GetManifestAsync(ImageReference.Create(Host, repository, digest: byTag.Digest));
        var resolved = await client.ResolveAsync(ImageReference.Create(Host, repository, tag));

        Assert.AreEqual(mediaType, byTag.MediaType);
        Assert.AreEqual(mediaType, byDigest.MediaType);
        CollectionAssert.AreEqual(byTag.Bytes.ToArray(), byDigest.Bytes.ToArray());
        Assert.AreEqual(Digest.Sha256(byTag.Bytes.Span), byTag.Digest);
        Assert.AreEqual(byTag.Digest, resolved.Digest);
        Assert.AreEqual(byTag.Bytes.Length, resolved.Size);
    }

    [TestMethod]
    public async Task Index_entries_point_at_platform_manifests_that_resolve()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var index = (await client.GetManifestAsync(ImageReference.Create(Host, "fixtures/multiarch", "12"))).AsIndex();

        CollectionAssert.AreEquivalent(new[] { "linux/amd64", "linux/arm64/v8" }, index.Manifests.Select(m => m.Platform!.ToString()).ToArray());
        foreach (var entry in index.Manifests)
        {
            var manifest = await client.GetManifestAsync(ImageReference.Create(Host, "fixtures/multiarch", digest: entry.Digest));
            Assert.AreEqual(entry.Size, manifest.Bytes.Length);
            var config = await client.GetBlobAsync(ImageReference.Create(Host, "fixtures/multiarch"), manifest.AsManifest().Config.Digest);
            StringAssert.Contains(System.Text.Encoding.UTF8.GetString(config), $"\"architecture\":\"{entry.Platform!.Architecture}\"");
        }
    }

    [TestMethod]
    public async Task Pushes_and_pulls_a_small_blob_in_one_upload()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var repository = ImageReference.Create(Host, "it/blobs-small");
        var content = RandomNumberGenerator.GetBytes(1000);

        var descriptor = await client.PushBlobAsync(repository, MediaTypes.OciLayerTar, content);

        Assert.IsTrue(await client.BlobExistsAsync(repository, descriptor.Digest));
        CollectionAssert.AreEqual(content, await client.GetBlobAsync(repository, descriptor.Digest));
    }

    [TestMethod]
    public async Task Pushes_a_large_blob_in_patch_chunks_and_reads_it_back_streamed()
    {
        using var client = AssemblySetup.Registries.CreateClient(null, chunkSize: 64 * 1024);
        var repository = ImageReference.Create(Host, "it/blobs-chunked");
        var content = RandomNumberGenerator.GetBytes((64 * 1024 * 5) + 123);
        var patchesBefore = CountLog("\"PATCH /v2/it/blobs-chunked/blobs/uploads/");

        var descriptor = await client.PushBlobAsync(repository, MediaTypes.OciLayerTar, content);

        Assert.AreEqual(5, CountLog("\"PATCH /v2/it/blobs-chunked/blobs/uploads/") - patchesBefore, "five full chunks go by PATCH, the rest with the closing PUT");
        await using var stream = await client.OpenBlobAsync(repository, descriptor.Digest, descriptor.Size);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        CollectionAssert.AreEqual(content, copy.ToArray());
    }

    [TestMethod]
    public async Task Pushing_a_blob_that_exists_uploads_nothing()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var repository = ImageReference.Create(Host, "it/blobs-exists");
        var content = RandomNumberGenerator.GetBytes(200);
        await client.PushBlobAsync(repository, MediaTypes.OciLayerTar, content);
        var postsBefore = CountLog("\"POST /v2/it/blobs-exists/blobs/uploads/");

        await client.PushBlobAsync(repository, MediaTypes.OciLayerTar, content);

        Assert.AreEqual(postsBefore, CountLog("\"POST /v2/it/blobs-exists/blobs/uploads/"));
    }

    [TestMethod]
    public async Task Mounts_a_blob_from_another_repository_and_reports_when_it_cannot()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var source = ImageReference.Create(Host, "it/mount-source");
        var target = ImageReference.Create(Host, "it/mount-target");
        var descriptor = await client.PushBlobAsync(source, MediaTypes.OciLayerTar, RandomNumberGenerator.GetBytes(4096));

        Assert.IsTrue(await client.MountBlobAsync(target, descriptor.Digest, source.Repository));
        Assert.IsTrue(await client.BlobExistsAsync(target, descriptor.Digest));
        var missing = Digest.Sha256(RandomNumberGenerator.GetBytes(16));
        Assert.IsFalse(await client.MountBlobAsync(target, missing, source.Repository));
    }

    [TestMethod]
    public async Task Lists_tags_across_link_paginated_pages()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var builder = new ImageFixtureBuilder(client);
        var tags = Enumerable.Range(0, 7).Select(i => $"v{i}").ToArray();
        foreach (var tag in tags)
        {
            await builder.PushImageAsync(ImageReference.Create(Host, "it/paged", tag), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        }

        await using var front = await TagPaginationFront.StartAsync(AssemblySetup.Registries.Plain.BaseUri);
        using var frontClient = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new SimpleContainer.Security.TestSupport.TestRegistries.FixedCredentials(null),
            Transport = new RegistryTransportPolicy([front.Host]),
        });

        var paged = await frontClient.ListTagsAsync(ImageReference.Parse($"{front.Host}/it/paged"), pageSize: 3);
        var direct = await client.ListTagsAsync(ImageReference.Create(Host, "it/paged"));

        CollectionAssert.AreEqual(tags, paged.ToArray(), "three pages of 3, 3 and 1 tags, in order");
        CollectionAssert.AreEquivalent(tags, direct.ToArray());
    }

    [TestMethod]
    public async Task Lists_repositories_through_the_registrys_own_catalog_pagination()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();

        var repositories = await client.ListRepositoriesAsync(Host, pageSize: 2);

        CollectionAssert.IsSubsetOf(
            new[] { "fixtures/alpine", "fixtures/debian", "fixtures/debian-docker", "fixtures/dotnet-runtime", "fixtures/multiarch", "fixtures/multiarch-docker" },
            repositories.ToArray());
        Assert.AreEqual(repositories.Count, repositories.Distinct().Count());
    }

    [TestMethod]
    public async Task Tags_of_an_unknown_repository_are_empty()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        Assert.AreEqual(0, (await client.ListTagsAsync(ImageReference.Create(Host, "it/never-pushed"))).Count);
    }

    [TestMethod]
    public async Task An_unknown_manifest_is_a_coded_not_found_error()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.GetManifestAsync(ImageReference.Create(Host, "fixtures/debian", "nope")));
        Assert.AreEqual("SCSEC2007", error.Code);
        Assert.IsFalse(await client.ManifestExistsAsync(ImageReference.Create(Host, "fixtures/debian", "nope")));
    }

    [TestMethod]
    public async Task A_blob_whose_bytes_were_changed_in_storage_is_rejected()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var repository = ImageReference.Create(Host, "it/tampered-blob");
        var descriptor = await client.PushBlobAsync(repository, MediaTypes.OciLayerTar, RandomNumberGenerator.GetBytes(512));
        Tamper(descriptor.Digest);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.GetBlobAsync(repository, descriptor.Digest));
        Assert.AreEqual("SCSEC2002", error.Code);
    }

    [TestMethod]
    public async Task A_manifest_whose_bytes_were_changed_in_storage_is_rejected_by_digest_and_by_tag()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        // Content of its own: blobs are shared by every repository of the registry, so tampering with the fixture
        // image's manifest would corrupt it for every other test that pushes the same deterministic image.
        var own = new LayerBuilder().File("etc/tampered", Guid.NewGuid().ToString()).Build();
        var image = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, "it/tampered-manifest", "1"), [own], FixtureImages.Amd64);
        Tamper(image.Manifest.Digest, replaceJsonSpace: true);

        var byDigest = await Assert.ThrowsExactlyAsync<ScException>(() => client.GetManifestAsync(ImageReference.Create(Host, "it/tampered-manifest", digest: image.Manifest.Digest)));
        var byTag = await Assert.ThrowsExactlyAsync<ScException>(() => client.GetManifestAsync(ImageReference.Create(Host, "it/tampered-manifest", "1")));
        Assert.AreEqual("SCSEC2002", byDigest.Code);
        Assert.AreEqual("SCSEC2002", byTag.Code);
    }

    private static void Tamper(Digest digest, bool replaceJsonSpace = false)
    {
        var path = AssemblySetup.Registries.Plain.BlobDataPath(digest.Hex);
        var bytes = File.ReadAllBytes(path);
        if (replaceJsonSpace)
        {
            // Keep it valid JSON of the same length: change a digit inside the config size.
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var at = text.IndexOf("\"size\":", StringComparison.Ordinal) + 7;
            var digit = text[at] == '9' ? '8' : (char)(text[at] + 1);
            bytes = System.Text.Encoding.UTF8.GetBytes(text[..at] + digit + text[(at + 1)..]);
        }
        else
        {
            bytes[0] ^= 0xff;
        }

        File.WriteAllBytes(path, bytes);
    }

    private static int CountLog(string fragment)
    {
        var log = AssemblySetup.Registries.Plain.Log;
        var count = 0;
        for (var at = log.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = log.IndexOf(fragment, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
