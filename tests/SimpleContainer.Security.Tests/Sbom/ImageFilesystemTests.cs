using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class ImageFilesystemTests
{
    private static readonly FilePattern Status = FilePattern.Exact("/var/lib/dpkg/status");
    private static readonly FilePattern StatusD = FilePattern.Glob("/var/lib/dpkg/status.d/*");
    private static readonly FilePattern OsRelease = FilePattern.Exact("/etc/os-release");

    [TestMethod]
    public async Task Selects_exact_paths_and_globs_with_the_layer_they_come_from()
    {
        var layers = Debian();
        var selection = await new ImageFilesystem(layers).SelectAsync([Status, OsRelease, FilePattern.Glob("/etc/*-release")]);

        CollectionAssert.AreEqual(new[] { "/etc/os-release", "/var/lib/dpkg/status" }, selection.Files.Select(f => f.Path).ToArray());
        Assert.IsTrue(selection.Files.All(f => f.LayerDigest == layers[0].Descriptor.Digest));
        Assert.AreEqual(TestData.DebianDpkgStatus, Text(selection.Files[1]));
        Assert.AreEqual(0, selection.Diagnostics.Count);
    }

    [TestMethod]
    public async Task An_upper_layer_replaces_a_file_and_a_whiteout_removes_a_directory_with_everything_below()
    {
        var layers = Whiteouts();
        var selection = await new ImageFilesystem(layers).SelectAsync([Status, FilePattern.Exact("/lib/apk/db/installed")]);

        var status = selection.Files.Single();
        Assert.AreEqual("/var/lib/dpkg/status", status.Path);
        Assert.AreEqual(layers[1].Descriptor.Digest, status.LayerDigest);
        Assert.IsFalse(Text(status).Contains("Package: tzdata", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_whiteout_of_a_file_removes_it()
    {
        var layers = Layers(FixtureImages.DebianLayer(), new LayerBuilder().Whiteout("var/lib/dpkg/status").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([Status, OsRelease]);

        CollectionAssert.AreEqual(new[] { "/etc/os-release" }, selection.Files.Select(f => f.Path).ToArray());
    }

    [TestMethod]
    public async Task An_opaque_directory_hides_what_lower_layers_put_in_it_but_keeps_its_own_layer()
    {
        var layers = Layers(
            new LayerBuilder().File("var/lib/dpkg/status.d/a", "Package: a\nVersion: 1\n").File("var/lib/dpkg/status.d/b", "Package: b\nVersion: 1\n").Build(),
            new LayerBuilder().OpaqueDirectory("var/lib/dpkg/status.d").File("var/lib/dpkg/status.d/c", "Package: c\nVersion: 1\n").Build(),
            new LayerBuilder().File("var/lib/dpkg/status.d/d", "Package: d\nVersion: 1\n").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([StatusD]);

        CollectionAssert.AreEqual(new[] { "/var/lib/dpkg/status.d/c", "/var/lib/dpkg/status.d/d" }, selection.Files.Select(f => f.Path).ToArray());
    }

    [TestMethod]
    public async Task A_file_replaces_a_lower_directory_and_everything_in_it()
    {
        var layers = Layers(
            new LayerBuilder().File("var/lib/dpkg/status.d/a", "Package: a\nVersion: 1\n").Build(),
            new LayerBuilder().File("var/lib/dpkg/status.d", "not a directory any more").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([StatusD]);

        Assert.AreEqual(0, selection.Files.Count);
    }

    [TestMethod]
    public async Task An_entry_climbing_out_of_the_root_refuses_the_image_and_a_dot_segment_inside_it_does_not()
    {
        // containerd would write ../../etc/os-release as /etc/os-release; skipping it (as we once did) read ID=debian.
        var climbing = Layers(new LayerBuilder().File("./etc/../etc/os-release", "ID=debian\n").File("../../etc/os-release", "ID=evil\n").Build());
        var inside = Layers(new LayerBuilder().File("./etc/../etc/os-release", "ID=debian\n").Build());

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(climbing).SelectAsync([OsRelease]));
        var selection = await new ImageFilesystem(inside).SelectAsync([OsRelease]);

        Assert.AreEqual("SCSEC3005", refused.Diagnostic.Code);
        Assert.IsTrue(ImageRefusal.Is(refused.Diagnostic), "a refused image fails its stage even when the stage is not required");
        StringAssert.Contains(refused.Message, "../../etc/os-release");
        Assert.AreEqual("ID=debian\n", Text(selection.Files.Single()));
    }

    [TestMethod]
    public async Task A_link_is_followed_inside_the_image_and_reported_with_its_real_path()
    {
        var layers = Layers(
            new LayerBuilder().File("usr/lib/os-release", FixtureImages.OsReleaseDebian12).Symlink("etc/os-release", "../usr/lib/os-release").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([OsRelease]);

        var file = selection.Files.Single();
        Assert.AreEqual("/etc/os-release", file.Path);
        Assert.AreEqual("/usr/lib/os-release", file.RealPath);
        Assert.AreEqual(FixtureImages.OsReleaseDebian12, Text(file));
    }

    [TestMethod]
    public async Task A_linked_directory_is_followed_for_exact_paths_and_globs_even_when_the_target_was_not_asked_for()
    {
        var layers = Layers(
            new LayerBuilder().File("usr/lib/apk/db/installed", TestData.AlpineApkInstalled).File("usr/lib/dpkg/status.d/a", "Package: a\nVersion: 1\n").Build(),
            new LayerBuilder().Symlink("lib", "usr/lib").Symlink("var/lib/dpkg", "/usr/lib/dpkg").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([FilePattern.Exact("/lib/apk/db/installed"), StatusD]);

        CollectionAssert.AreEqual(new[] { "/lib/apk/db/installed", "/var/lib/dpkg/status.d/a" }, selection.Files.Select(f => f.Path).ToArray());
        CollectionAssert.AreEqual(new[] { "/usr/lib/apk/db/installed", "/usr/lib/dpkg/status.d/a" }, selection.Files.Select(f => f.RealPath).ToArray());
    }

    [TestMethod]
    public async Task A_link_climbing_above_the_root_stays_in_the_image_as_the_kernel_resolves_it()
    {
        // Inside the container '..' at '/' is '/': the link is /host/etc/os-release, not a link to nowhere (issue 11).
        var layers = Layers(new LayerBuilder().Symlink("etc/os-release", "../../../../../host/etc/os-release").File("host/etc/os-release", "ID=host\n").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([OsRelease]);

        Assert.AreEqual("ID=host\n", Text(selection.Files.Single()));
        Assert.AreEqual("/host/etc/os-release", selection.Files.Single().RealPath);
        Assert.AreEqual(0, selection.Diagnostics.Count);
    }

    [TestMethod]
    public async Task A_link_loop_stops_after_40_hops()
    {
        var layers = Layers(new LayerBuilder().Symlink("etc/os-release", "a").Symlink("etc/a", "b").Symlink("etc/b", "os-release").Build());
        var selection = await new ImageFilesystem(layers).SelectAsync([OsRelease]);

        Assert.AreEqual(0, selection.Files.Count);
        StringAssert.Contains(selection.Diagnostics.Single(d => d.Code == "SCSEC3008").Message, "more than 40 links");
    }

    [TestMethod]
    public async Task A_decompression_bomb_is_stopped_at_the_configured_limit()
    {
        var bomb = new LayerBuilder().File("zeros", new byte[4 * 1024 * 1024]).Build();
        Assert.IsTrue(bomb.Blob.Length < 64 * 1024, "the layer should compress well");
        var filesystem = new ImageFilesystem(Layers(bomb), new ImageFilesystemOptions { MaxLayerUncompressedBytes = 1024 * 1024 });

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => filesystem.SelectAsync([Status]));
        Assert.AreEqual("SCSEC3003", error.Code);
        StringAssert.Contains(error.Message, bomb.Descriptor.Digest.ToString());
    }

    [TestMethod]
    [DataRow(MediaTypes.OciLayerTarZstd, false)]
    [DataRow(MediaTypes.OciLayerTarGzip, true)]
    public async Task A_zstd_layer_is_a_coded_not_supported_error(string mediaType, bool zstdMagic)
    {
        byte[] blob = zstdMagic ? [0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0, 0, 0] : [0, 1, 2, 3];
        var filesystem = new ImageFilesystem([FromBytes(Descriptor.For(mediaType, blob), blob)]);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => filesystem.SelectAsync([Status]));
        Assert.AreEqual("SCSEC3001", error.Code);
        StringAssert.Contains(error.Message, "zstd");
    }

    [TestMethod]
    public async Task Plain_and_gzip_tars_are_told_apart_by_their_bytes_whatever_the_media_type()
    {
        var plain = new LayerBuilder().File("var/lib/dpkg/status", "Package: a\n").Build(gzip: false);
        var gzip = new LayerBuilder().File("etc/os-release", "ID=x\n").Build();
        var layers = new[] { FromBytes(plain.Descriptor with { MediaType = MediaTypes.DockerLayerTarGzip }, plain.Blob), FromBytes(gzip.Descriptor with { MediaType = MediaTypes.OciLayerTar }, gzip.Blob) };
        var selection = await new ImageFilesystem(layers).SelectAsync([Status, OsRelease]);

        Assert.AreEqual(2, selection.Files.Count);
    }

    [TestMethod]
    public async Task A_layer_that_is_not_a_tar_is_a_coded_error()
    {
        var blob = Encoding.ASCII.GetBytes(new string('x', 2048));
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem([FromBytes(Descriptor.For(MediaTypes.OciLayerTar, blob), blob)]).SelectAsync([Status]));
        Assert.AreEqual("SCSEC3002", error.Code);
    }

    [TestMethod]
    public async Task A_layer_whose_bytes_do_not_match_its_digest_is_rejected()
    {
        var layer = FixtureImages.DebianLayer();
        var other = FixtureImages.AlpineLayer();
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem([FromBytes(layer.Descriptor, other.Blob)]).SelectAsync([Status]));
        Assert.AreEqual("SCSEC2002", error.Code);
    }

    [TestMethod]
    public async Task Files_and_entries_over_their_limits_are_refused_with_codes()
    {
        // A selected file is a package database: read in part or skipped, it would hide packages (issue 11).
        var big = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Debian(), new ImageFilesystemOptions { MaxFileBytes = 1024 }).SelectAsync([Status, OsRelease]));
        Assert.AreEqual("SCSEC3006", big.Code);

        var selected = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Debian(), new ImageFilesystemOptions { MaxSelectedBytesPerLayer = 1024 }).SelectAsync([Status, OsRelease]));
        Assert.AreEqual("SCSEC3007", selected.Code);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Debian(), new ImageFilesystemOptions { MaxLayerEntries = 3 }).SelectAsync([Status]));
        Assert.AreEqual("SCSEC3004", error.Code);
    }

    [TestMethod]
    public async Task A_layer_is_read_once_per_pattern_set_and_shared_through_the_cache()
    {
        var layer = FixtureImages.DebianLayer();
        var opens = 0;
        var counted = new ImageLayer(layer.Descriptor, _ =>
        {
            Interlocked.Increment(ref opens);
            return Task.FromResult<Stream>(new MemoryStream(layer.Blob));
        });
        var cache = new InMemoryLayerCatalogCache();

        var first = await new ImageFilesystem([counted], cache: cache).SelectAsync([Status, OsRelease]);
        var second = await new ImageFilesystem([counted, FixtureImages.AlpineLayer().ToImageLayer()], cache: cache).SelectAsync([OsRelease, Status]);

        Assert.AreEqual(1, opens);
        Assert.AreEqual(2, cache.Count);
        Assert.AreEqual(first.Files.Single(f => f.Path == Status.Text), second.Files.Single(f => f.Path == Status.Text));
    }

    [TestMethod]
    public async Task Layers_from_an_oci_layout_feed_the_filesystem()
    {
        var layer = FixtureImages.DebianLayer();
        var folder = Directory.CreateTempSubdirectory("sc-layout-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(folder, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(folder, "index.json"), """{"schemaVersion":2,"manifests":[]}""");
        File.WriteAllBytes(Path.Combine(folder, "blobs", "sha256", layer.Descriptor.Digest.Hex), layer.Blob);
        using var layout = await SimpleContainer.Security.Oci.Layout.OciImageLayout.OpenAsync(folder);

        var selection = await new ImageFilesystem([ImageLayer.FromLayout(layout, layer.Descriptor)]).SelectAsync([Status]);
        Assert.AreEqual(TestData.DebianDpkgStatus, Text(selection.Files.Single()));
    }

    [TestMethod]
    [DataRow("/var/lib/dpkg/status.d/*", "/var/lib/dpkg/status.d/libc6", true)]
    [DataRow("/var/lib/dpkg/status.d/*", "/var/lib/dpkg/status.d/x/y", false)]
    [DataRow("/**/*.deps.json", "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/Microsoft.NETCore.App.deps.json", true)]
    [DataRow("/app/*.deps.json", "/app/HelloApi.deps.json", true)]
    [DataRow("/app/?.json", "/app/ab.json", false)]
    public void Globs_match_within_segments_and_double_star_across_them(string glob, string path, bool matches) =>
        Assert.AreEqual(matches, FilePattern.Glob(glob).Matches(path));

    private static string Text(ImageFile file) => Encoding.UTF8.GetString(file.Content.Span);
}
