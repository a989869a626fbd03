using System.Formats.Tar;
using System.Text;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>
/// Layers that try to hide packages from the SBOM (issue 11): the filesystem must be what container runtimes
/// (Go's archive/tar under containerd and moby) make of the layers, and what cannot be read that way is refused.
/// </summary>
[TestClass]
public sealed class HostileLayerTests
{
    private static readonly FilePattern Status = FilePattern.Exact("/var/lib/dpkg/status");

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Cases => HostileLayers.All().Select(c => new object[] { c });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task The_sbom_of_a_hostile_image_lists_every_base_package_or_the_image_is_refused(HostileLayers.HostileImage hostile)
    {
        var generate = Generator().GenerateAsync(Subject, Layers([.. hostile.Layers]), TestContext.CancellationToken);

        if (hostile.RefusedWith is { } code)
        {
            var refused = await Assert.ThrowsExactlyAsync<ScException>(() => generate);
            Assert.AreEqual(code, refused.Diagnostic.Code, refused.Message);
            return;
        }

        var result = await generate;
        CollectionAssert.AreEquivalent(HostileLayers.BasePackages, DebNames(result.Document), string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task Sc_sbom_generate_from_an_oci_archive_lists_every_base_package_or_fails_with_the_code(HostileLayers.HostileImage hostile)
    {
        var folder = Directory.CreateTempSubdirectory("sc-hostile-").FullName;
        var archive = OciLayoutArchive.Write(Path.Combine(folder, "app.tar"), hostile.Layers);
        var sbom = Path.Combine(folder, "sbom.cdx.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["SC_CACHE_DIR"] = Path.Combine(folder, "cache") };
        var context = new CliContext(output, error, name => environment.GetValueOrDefault(name), () => new SimpleContainer.Security.Oci.Registry.RegistryClient());

        var code = await ScCommandLine.InvokeAsync(["sbom", "generate", "--archive", archive, "--output", sbom], context, TestContext.CancellationToken);

        if (hostile.RefusedWith is { } refusal)
        {
            Assert.AreEqual(ExitCodes.Failure, code, error.ToString());
            StringAssert.Contains(error.ToString(), refusal);
            Assert.IsFalse(File.Exists(sbom), "no SBOM is written for a refused image");
            return;
        }

        Assert.AreEqual(ExitCodes.Ok, code, error.ToString());
        var names = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(sbom)).RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out var purl) && purl.GetString()!.StartsWith("pkg:deb/", StringComparison.Ordinal))
            .Select(c => c.GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEquivalent(HostileLayers.BasePackages, names);
    }

    [TestMethod]
    public async Task A_backslash_name_is_a_file_in_the_root_not_a_whiteout_nor_a_replacement()
    {
        var layers = Layers(FixtureImages.DebianLayer(), HostileLayers.Backslashes());
        var selection = await new ImageFilesystem(layers).SelectAsync([Status, FilePattern.Glob("/*")], TestContext.CancellationToken);

        Assert.AreEqual(TestData.DebianDpkgStatus, Text(selection.Files.Single(f => f.Path == Status.Text)));
        CollectionAssert.IsSubsetOf(new[] { "/var\\lib\\.wh.dpkg", "/var\\lib\\dpkg\\status" }, selection.Files.Select(f => f.Path).ToArray());
    }

    [TestMethod]
    public async Task The_pax_path_record_names_the_entry_as_runtimes_read_it()
    {
        var renamedAway = new LayerBuilder().RawPaxFile("harmless", new Dictionary<string, string> { ["path"] = "var/lib/.wh.dpkg" }, []).Build();
        var renamedTo = new LayerBuilder().RawPaxFile("var/lib/.wh.dpkg", new Dictionary<string, string> { ["path"] = "harmless" }, []).Build();

        var whitedOut = await new ImageFilesystem(Layers(FixtureImages.DebianLayer(), renamedAway)).SelectAsync([Status], TestContext.CancellationToken);
        var kept = await new ImageFilesystem(Layers(FixtureImages.DebianLayer(), renamedTo)).SelectAsync([Status], TestContext.CancellationToken);

        Assert.AreEqual(0, whitedOut.Files.Count, "path=var/lib/.wh.dpkg is a whiteout of /var/lib/dpkg");
        Assert.AreEqual(1, kept.Files.Count, "a header name replaced by path= is not a whiteout");
    }

    [TestMethod]
    [DataRow("GNU.sparse.name", "harmless")]
    [DataRow("GNU.sparse.map", "0,1")]
    [DataRow("GNU.sparse.size", "10")]
    public async Task Any_gnu_sparse_pax_record_refuses_the_layer(string key, string value)
    {
        var layer = new LayerBuilder().PaxFile("var/lib/dpkg/status", Encoding.UTF8.GetBytes(TestData.DebianDpkgStatus), new Dictionary<string, string> { [key] = value }).Build();

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Layers(layer)).SelectAsync([Status], TestContext.CancellationToken));

        Assert.AreEqual("SCSEC3020", refused.Diagnostic.Code);
        StringAssert.Contains(refused.Message, "GNU.sparse");
    }

    [TestMethod]
    [DataRow('S', "var/lib/dpkg/status")]
    [DataRow('7', "var/lib/dpkg/status")]
    [DataRow('M', "etc/os-release")]
    [DataRow('V', "tmp/volume")]
    [DataRow('Z', "var/lib/.wh.dpkg")]
    [DataRow('g', "var/lib/.wh.dpkg")]
    public async Task An_entry_type_runtimes_refuse_or_read_differently_refuses_the_layer(char typeFlag, string name)
    {
        var layer = new LayerBuilder().RawHeader(name, typeFlag).Build();

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Layers(FixtureImages.DebianLayer(), layer)).SelectAsync([Status], TestContext.CancellationToken));

        Assert.AreEqual("SCSEC3020", refused.Diagnostic.Code, refused.Message);
    }

    [TestMethod]
    public async Task Fifos_and_devices_replace_what_was_at_their_path_and_have_no_content()
    {
        var fifo = new LayerBuilder().Add(new UstarTarEntry(TarEntryType.Fifo, "var/lib/dpkg/status")).Build();
        var globalHeader = new LayerBuilder().Add(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "x" })).Build();

        var replaced = await new ImageFilesystem(Layers(FixtureImages.DebianLayer(), fifo)).SelectAsync([Status], TestContext.CancellationToken);
        var ignored = await new ImageFilesystem(Layers(FixtureImages.DebianLayer(), globalHeader)).SelectAsync([Status], TestContext.CancellationToken);

        Assert.AreEqual(0, replaced.Files.Count);
        Assert.AreEqual(1, ignored.Files.Count, "a PAX global header is ignored by runtimes");
    }

    [TestMethod]
    public async Task A_hard_link_keeps_the_content_its_target_had_in_a_lower_layer_after_the_target_is_whited_out()
    {
        var layers = Layers(
            FixtureImages.DebianLayer(),
            new LayerBuilder().File("srv/db", TestData.DebianDpkgStatus).Build(),
            new LayerBuilder().HardLink("var/lib/dpkg/status", "srv/db").Build(),
            new LayerBuilder().Whiteout("srv").Build());

        var selection = await new ImageFilesystem(layers).SelectAsync([Status], TestContext.CancellationToken);

        var status = selection.Files.Single();
        Assert.AreEqual(TestData.DebianDpkgStatus, Text(status));
        Assert.AreEqual(layers[2].Descriptor.Digest, status.LayerDigest, "the link's own layer holds the file at that path");
    }

    [TestMethod]
    public async Task A_hard_link_made_before_its_target_is_overwritten_in_the_same_layer_keeps_the_old_content()
    {
        var layer = new LayerBuilder().File("srv/db", TestData.DebianDpkgStatus).HardLink("var/lib/dpkg/status", "srv/db").Build();
        var overwrite = new LayerBuilder().File("srv/db", "Package: decoy\nStatus: install ok installed\nVersion: 1\n").Build();

        var selection = await new ImageFilesystem(Layers(layer, overwrite)).SelectAsync([Status], TestContext.CancellationToken);

        Assert.AreEqual(TestData.DebianDpkgStatus, Text(selection.Files.Single()));
    }

    [TestMethod]
    public async Task A_hard_link_to_a_symlink_is_that_symlink_whose_text_resolves_where_the_link_is()
    {
        const string Decoy = "Package: decoy\nStatus: install ok installed\nVersion: 1\n";
        var layer = new LayerBuilder()
            .File("srv/real", TestData.DebianDpkgStatus)
            .File("var/lib/dpkg/status.d/real", Decoy)
            .Symlink("srv/absolute", "/srv/real")
            .Symlink("srv/relative", "real")
            .HardLink("var/lib/dpkg/status", "srv/absolute")
            .HardLink("var/lib/dpkg/status.d/relative", "srv/relative")
            .Build();

        var selection = await new ImageFilesystem(Layers(layer)).SelectAsync([Status, FilePattern.Glob("/var/lib/dpkg/status.d/*")], TestContext.CancellationToken);

        Assert.AreEqual(TestData.DebianDpkgStatus, Text(selection.Files.Single(f => f.Path == Status.Text)));
        Assert.AreEqual(Decoy, Text(selection.Files.Single(f => f.Path == "/var/lib/dpkg/status.d/relative")), "'real' is read from /var/lib/dpkg/status.d/, where the second name of the link is");
    }

    [TestMethod]
    [DataRow("srv/missing")]
    [DataRow("srv")]
    public async Task A_hard_link_whose_target_is_missing_or_a_directory_refuses_the_image(string target)
    {
        var layer = new LayerBuilder().Directory("srv").HardLink("var/lib/dpkg/status", target).Build();

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => new ImageFilesystem(Layers(FixtureImages.DebianLayer(), layer)).SelectAsync([Status], TestContext.CancellationToken));

        Assert.AreEqual("SCSEC3021", refused.Diagnostic.Code, refused.Message);
    }

    [TestMethod]
    public async Task A_package_database_over_the_file_limit_refuses_the_image()
    {
        var options = new ImageFilesystemOptions { MaxFileBytes = 1024 };

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => Generator(options).GenerateAsync(Subject, Debian(), TestContext.CancellationToken));

        Assert.AreEqual("SCSEC3006", refused.Diagnostic.Code);
        StringAssert.Contains(refused.Message, "/var/lib/dpkg/status");
    }

    [TestMethod]
    public async Task A_layer_whose_selected_bytes_quota_is_used_up_before_the_package_database_refuses_the_image()
    {
        var filler = new string(' ', 6000);
        var layer = new LayerBuilder()
            .File("app/a.deps.json", "{}" + filler)
            .File("app/b.deps.json", "{}" + filler)
            .File("etc/os-release", FixtureImages.OsReleaseDebian12)
            .File("var/lib/dpkg/status", TestData.DebianDpkgStatus)
            .Build();
        var options = new ImageFilesystemOptions { MaxSelectedBytesPerLayer = 14_000 };

        var refused = await Assert.ThrowsExactlyAsync<ScException>(() => Generator(options).GenerateAsync(Subject, Layers(layer), TestContext.CancellationToken));

        Assert.AreEqual("SCSEC3007", refused.Diagnostic.Code);
    }

    [TestMethod]
    public async Task Os_packages_without_an_os_release_are_a_warning_naming_them()
    {
        var layers = Layers(FixtureImages.DebianLayer(), new LayerBuilder().Whiteout("etc/os-release").Build());

        var result = await Generator().GenerateAsync(Subject, layers, TestContext.CancellationToken);

        var warning = result.Diagnostics.Single(d => d.Code == "SCSEC3022");
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "libssl3@3.0.");
    }

    [TestMethod]
    public void A_refused_image_fails_its_stage_even_when_the_stage_is_not_required()
    {
        var refusal = new ScDiagnostic(DiagnosticIds.LayerEntryNotSupported, DiagnosticSeverity.Error, "sha256:abc", "var/lib/.wh.dpkg", "a GNU sparse file");
        var serviceDown = new ScDiagnostic(DiagnosticIds.RegistryUnreachable, DiagnosticSeverity.Error, "registry.example", "timeout");

        var refused = SimpleContainer.Security.Pipeline.StageResult.FromFailure("sbom", refusal, required: false, DiagnosticIds.InternalError, "app");
        var failedOpen = SimpleContainer.Security.Pipeline.StageResult.FromFailure("sbom", serviceDown, required: false, DiagnosticIds.InternalError, "app");

        Assert.AreEqual(SimpleContainer.Security.Pipeline.StageOutcome.Failed, refused.Outcome);
        Assert.AreEqual("SCSEC3020", refused.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error).Code);
        Assert.AreEqual(SimpleContainer.Security.Pipeline.StageOutcome.FailedOpen, failedOpen.Outcome);
    }

    private static List<string> DebNames(SbomDocument document) =>
        document.Components.Where(c => c.Purl?.ToString().StartsWith("pkg:deb/", StringComparison.Ordinal) == true).Select(c => c.Name).ToList();

    private static string Text(ImageFile file) => Encoding.UTF8.GetString(file.Content.Span);
}
