using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Tests.Pipeline;

[TestClass]
public sealed class ImageRecordBuilderTests
{
    private const string Config = """{"architecture":"amd64","os":"linux","config":{"Labels":{"org.opencontainers.image.base.digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","org.opencontainers.image.base.name":"localhost:5000/base:1"}},"rootfs":{"type":"layers","diff_ids":[]}}""";

    private static readonly string Manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Digest.Sha256(Encoding.UTF8.GetBytes(Config))}}","size":{{Config.Length}}},"layers":[]}""";

    private static ImageRecordBuilder Builder => new(new FixedTime());

    [TestMethod]
    public void Single_image_takes_the_digest_checks_it_against_the_manifest_and_reads_platform_and_base()
    {
        var digest = Digest.Sha256(Encoding.UTF8.GetBytes(Manifest));
        var record = Builder.Build(Outputs() with { Digest = digest.ToString(), Manifest = Manifest, Configuration = Config, MediaType = MediaTypes.OciManifest });

        Assert.AreEqual(digest.ToString(), record.Digest);
        Assert.AreEqual($"localhost:5000/team/app@{digest}", record.Reference);
        Assert.AreEqual("linux/amd64", record.Platforms.Single().Platform);
        Assert.AreEqual(Manifest.Length, record.Platforms.Single().Size);
        Assert.AreEqual("sha256:1111111111111111111111111111111111111111111111111111111111111111", record.BaseImage!.Digest);
        Assert.AreEqual("localhost:5000/base:1", record.BaseImage.Name);
        Assert.IsTrue(record.Pushed);
        Assert.AreEqual(FixedTime.Now, record.RecordedAt);
    }

    [TestMethod]
    public void An_empty_digest_is_a_clear_error_naming_the_project()
    {
        var error = Assert.ThrowsExactly<ScException>(() => Builder.Build(Outputs() with { Digest = " " }));
        Assert.AreEqual("SCSEC7001", error.Code);
        StringAssert.Contains(error.Message, "/src/App/App.csproj");
    }

    [TestMethod]
    public void A_digest_that_does_not_match_the_manifest_bytes_is_rejected()
    {
        var error = Assert.ThrowsExactly<ScException>(() => Builder.Build(Outputs() with { Digest = Digest.Sha256("other"u8).ToString(), Manifest = Manifest }));
        Assert.AreEqual("SCSEC2002", error.Code);
    }

    [TestMethod]
    public void Multi_arch_takes_the_index_digest_from_the_bytes_and_lists_every_platform()
    {
        var amd = Digest.Sha256(Encoding.UTF8.GetBytes(Manifest));
        var arm = Digest.Sha256("arm"u8);
        var index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":{Manifest.Length},\"digest\":\"{amd}\",\"platform\":{{\"architecture\":\"amd64\",\"os\":\"linux\"}}}},"
            + $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":3,\"digest\":\"{arm}\",\"platform\":{{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}}}}]}}";

        var record = Builder.Build(Outputs() with { ImageIndex = index, Containers = [new GeneratedContainerItem(amd.ToString(), MediaTypes.OciManifest, Manifest, Config)] });

        Assert.AreEqual(Digest.Sha256(Encoding.UTF8.GetBytes(index)).ToString(), record.Digest);
        Assert.AreEqual(record.Digest, record.Index!.Digest);
        Assert.AreEqual(MediaTypes.OciIndex, record.MediaType);
        CollectionAssert.AreEqual(new[] { "linux/amd64", "linux/arm64/v8" }, record.Platforms.Select(p => p.Platform).ToArray());
        Assert.IsNotNull(record.Platforms[0].ConfigDigest);
        Assert.IsNull(record.Platforms[1].ConfigDigest);
    }

    [TestMethod]
    public void Archive_mode_without_a_registry_has_no_reference_and_is_not_pushed()
    {
        var digest = Digest.Sha256(Encoding.UTF8.GetBytes(Manifest));
        var record = Builder.Build(Outputs() with { Registry = "", Digest = digest.ToString(), ArchiveOutputPath = "/out/app.tar.gz" });
        Assert.IsNull(record.Reference);
        Assert.IsNull(record.Registry);
        Assert.IsFalse(record.Pushed);
        Assert.AreEqual("/out/app.tar.gz", record.ArchivePath);
    }

    [TestMethod]
    public void Unreadable_index_json_is_a_coded_error_naming_the_sdk_output()
    {
        var error = Assert.ThrowsExactly<ScException>(() => Builder.Build(Outputs() with { ImageIndex = "{not json" }));
        Assert.AreEqual("SCSEC7002", error.Code);
        StringAssert.Contains(error.Message, "GeneratedImageIndex");
    }

    [TestMethod]
    public async Task The_record_round_trips_through_image_json()
    {
        var digest = Digest.Sha256(Encoding.UTF8.GetBytes(Manifest));
        var record = Builder.Build(Outputs() with { Digest = digest.ToString(), Manifest = Manifest, Configuration = Config });
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "sc-security", "image.json");

        await ImageRecordStore.WriteAsync(path, record);
        var read = await ImageRecordStore.ReadAsync(path);

        Assert.AreEqual(record.Digest, read.Digest);
        CollectionAssert.AreEqual(record.Platforms.ToArray(), read.Platforms.ToArray());
        Assert.AreEqual(record.BaseImage, read.BaseImage);
        Assert.AreEqual(1, Directory.GetFiles(Path.GetDirectoryName(path)!).Length, "no temporary file left behind");
    }

    private static ContainerPublishOutputs Outputs() => new()
    {
        ProjectPath = "/src/App/App.csproj",
        Registry = "localhost:5000",
        Repository = "team/app",
        Tags = ["1.0"],
    };

    private sealed class FixedTime : TimeProvider
    {
        public static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
