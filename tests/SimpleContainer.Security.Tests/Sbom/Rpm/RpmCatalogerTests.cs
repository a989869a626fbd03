using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.Rpm;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.TestSupport.Validators;
using static SimpleContainer.Security.Tests.Sbom.CatalogerTestFiles;

namespace SimpleContainer.Security.Tests.Sbom.Rpm;

[TestClass]
public sealed class RpmCatalogerTests
{
    private const string DatabasePath = "/var/lib/rpm/rpmdb.sqlite";
    private const string ManifestPath = "/var/lib/rpmmanifest/container-manifest-2";

    [TestMethod]
    public void The_real_rpmdb_gives_exactly_the_packages_and_fields_rpm_reports()
    {
        var result = Catalog(RpmTestData.Fedora40, DatabasePath, RpmTestData.Database);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var truth = RpmTestData.GroundTruth;
        Assert.AreEqual(3, truth.Count);
        CollectionAssert.AreEqual(truth.Select(t => t[0]).ToArray(), result.Packages.Select(p => p.Name).ToArray(), "rpm -qa lists the Packages table in hnum order");
        foreach (var fields in truth)
        {
            var package = result.Packages.Single(p => p.Name == fields[0]);
            var (epoch, version, release, arch, license, vendor, sourceRpm, size, packager, url) =
                (fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9], fields[10]);
            Assert.AreEqual(epoch == "(none)" ? $"{version}-{release}" : $"{epoch}:{version}-{release}", package.Version, package.Name);
            Assert.AreEqual(license, package.License, package.Name);
            Assert.AreEqual(None(vendor), package.Supplier, package.Name);
            Assert.AreEqual(None(url), package.Homepage, package.Name);
            Assert.AreEqual(sourceRpm, Property(package, "sc:rpm:source-rpm"), package.Name);
            Assert.AreEqual(size, Property(package, "sc:rpm:size"), package.Name);
            Assert.AreEqual(None(packager), Property(package, "sc:rpm:packager"), package.Name);
            Assert.AreEqual(arch, package.Purl!.Qualifiers.Single(q => q.Key == "arch").Value, package.Name);
            Assert.AreEqual(epoch == "(none)" ? null : epoch, package.Purl.Qualifiers.SingleOrDefault(q => q.Key == "epoch").Value, package.Name);
            Assert.AreEqual($"{version}-{release}", package.Purl.Version, package.Name);
            Assert.AreEqual(RpmCataloger.CatalogerName, package.Cataloger);
            Assert.AreEqual(DatabasePath, package.Path);
            Assert.AreEqual(LayerDigest, package.LayerDigest);
        }
    }

    [TestMethod]
    public void Purls_follow_syft_with_the_distro_id_as_namespace_and_the_epoch_as_a_qualifier()
    {
        var result = Catalog(RpmTestData.Fedora40, DatabasePath, RpmTestData.Database);

        CollectionAssert.AreEqual(
            new[]
            {
                "pkg:rpm/fedora/sc-hello@1.2.3-4.fc40?arch=noarch&distro=fedora-40&upstream=sc-hello-1.2.3-4.fc40.src.rpm",
                "pkg:rpm/fedora/sc-tools@0.5-2.fc40?arch=x86_64&distro=fedora-40&upstream=sc-tools-0.5-2.fc40.src.rpm",
                "pkg:rpm/fedora/sc-libfoo@9.0.1-1.fc40?arch=x86_64&distro=fedora-40&epoch=2&upstream=sc-libfoo-9.0.1-1.fc40.src.rpm",
            },
            result.Packages.Select(p => p.Purl!.ToString()).ToArray());
    }

    [TestMethod]
    [DataRow("rhel", "9.4", "pkg:rpm/redhat/sc-tools@0.5-2.fc40?arch=x86_64&distro=rhel-9.4&upstream=sc-tools-0.5-2.fc40.src.rpm")]
    [DataRow("azurelinux", "3.0", "pkg:rpm/azurelinux/sc-tools@0.5-2.fc40?arch=x86_64&distro=azurelinux-3.0&upstream=sc-tools-0.5-2.fc40.src.rpm")]
    public void The_namespace_is_the_distribution_and_rhel_is_redhat(string id, string versionId, string expected)
    {
        var result = Catalog(new() { Id = id, VersionId = versionId }, DatabasePath, RpmTestData.Database);

        Assert.AreEqual(expected, result.Packages.Single(p => p.Name == "sc-tools").Purl!.ToString());
    }

    [TestMethod]
    public void Without_an_os_release_the_purls_have_no_namespace_and_no_distro()
    {
        var result = Catalog(null, DatabasePath, RpmTestData.Database);

        Assert.AreEqual("pkg:rpm/sc-tools@0.5-2.fc40?arch=x86_64&upstream=sc-tools-0.5-2.fc40.src.rpm", result.Packages.Single(p => p.Name == "sc-tools").Purl!.ToString());
    }

    [TestMethod]
    public async Task Packageurl_js_reads_the_rpm_purls_back()
    {
        var purls = Catalog(RpmTestData.Fedora40, DatabasePath, RpmTestData.Database).Packages.Select(p => p.Purl!).ToList();

        var result = await NodeValidators.ParsePurlsAsync(purls.Select(p => p.ToString()));

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        var parsed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.AreEqual(purls.Count, parsed.Count);
        for (var i = 0; i < purls.Count; i++)
        {
            Assert.AreEqual("rpm", parsed[i].GetProperty("type").GetString());
            Assert.AreEqual("fedora", parsed[i].GetProperty("namespace").GetString());
            Assert.AreEqual(purls[i].Name, parsed[i].GetProperty("name").GetString());
            Assert.AreEqual(purls[i].Version, parsed[i].GetProperty("version").GetString());
            var qualifiers = parsed[i].GetProperty("qualifiers").EnumerateObject().Select(q => $"{q.Name}={q.Value.GetString()}").Order(StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(purls[i].Qualifiers.Select(q => $"{q.Key}={q.Value}").ToArray(), qualifiers);
        }
    }

    [TestMethod]
    public void A_truncated_header_is_a_coded_diagnostic_and_the_other_packages_come_through()
    {
        var damaged = RpmTestData.WithBlob(2, RpmTestData.Blobs()[2][..300]);

        var result = Catalog(RpmTestData.Fedora40, DatabasePath, damaged);

        CollectionAssert.AreEqual(new[] { "sc-hello", "sc-libfoo" }, result.Packages.Select(p => p.Name).ToArray());
        var diagnostic = result.Diagnostics.Single();
        Assert.AreEqual("SCSEC3080", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "/var/lib/rpm/rpmdb.sqlite");
        StringAssert.Contains(diagnostic.Message, "package record 2 ");
        StringAssert.Contains(diagnostic.Message, "the header is 300 bytes");
    }

    [TestMethod]
    public void An_offset_out_of_range_is_a_coded_diagnostic_and_the_other_packages_come_through()
    {
        var blob = RpmTestData.Blobs()[3];
        blob.AsSpan(8 + 8, 4).Fill(0x7f); // the first index entry's offset
        var damaged = RpmTestData.WithBlob(3, blob);

        var result = Catalog(RpmTestData.Fedora40, DatabasePath, damaged);

        CollectionAssert.AreEqual(new[] { "sc-hello", "sc-tools" }, result.Packages.Select(p => p.Name).ToArray());
        Assert.AreEqual("SCSEC3080", result.Diagnostics.Single().Code);
        StringAssert.Contains(result.Diagnostics.Single().Message, "points at offset 2139062143");
    }

    [TestMethod]
    public void A_header_without_a_name_is_a_coded_diagnostic()
    {
        var blob = RpmTestData.Blobs()[1];
        var indexCount = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(blob);
        for (var i = 0; i < indexCount; i++)
        {
            var tag = blob.AsSpan(8 + (i * 16), 4);
            if (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(tag) == 1000)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(tag, 999_999);
            }
        }

        var result = Catalog(RpmTestData.Fedora40, DatabasePath, RpmTestData.WithBlob(1, blob));

        Assert.AreEqual(2, result.Packages.Count);
        StringAssert.Contains(result.Diagnostics.Single().Message, "lacks a NAME, VERSION or RELEASE");
    }

    [TestMethod]
    [DataRow("not a database at all")]
    [DataRow("")]
    public void A_file_that_is_not_an_sqlite_rpmdb_is_a_coded_diagnostic(string content)
    {
        var result = Catalog(RpmTestData.Fedora40, DatabasePath, Encoding.UTF8.GetBytes(content));

        Assert.AreEqual(0, result.Packages.Count);
        Assert.AreEqual("SCSEC3081", result.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void Packages_committed_only_in_the_write_ahead_log_are_read_with_it()
    {
        var (database, log) = RpmTestData.WithUncheckpointedDelete(2);
        Assert.AreEqual(3, Catalog(RpmTestData.Fedora40, DatabasePath, database).Packages.Count, "without its log the database still lists sc-tools");

        var context = Context(RpmTestData.Fedora40, new ImageFile(DatabasePath, DatabasePath, LayerDigest, database), new ImageFile(DatabasePath + "-wal", DatabasePath + "-wal", LayerDigest, log));
        var result = new RpmCataloger().Catalog(context, CancellationToken.None);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEqual(new[] { "sc-hello", "sc-libfoo" }, result.Packages.Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void The_same_database_reached_by_two_paths_is_read_once()
    {
        var bytes = RpmTestData.Database;
        var real = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
        var context = new CatalogContext([new ImageFile(DatabasePath, real, LayerDigest, bytes), new ImageFile(real, real, LayerDigest, bytes)], RpmTestData.Fedora40);

        var result = new RpmCataloger().Catalog(context, CancellationToken.None);

        Assert.AreEqual(3, result.Packages.Count);
        Assert.IsTrue(result.Packages.All(p => p.Path == real));
    }

    [TestMethod]
    public void The_distroless_manifest_gives_the_same_packages_as_the_database()
    {
        var fromManifest = Catalog(new() { Id = "azurelinux", VersionId = "3.0" }, ManifestPath, Encoding.UTF8.GetBytes(RpmTestData.Manifest));
        var fromDatabase = Catalog(new() { Id = "azurelinux", VersionId = "3.0" }, DatabasePath, RpmTestData.Database);

        Assert.AreEqual(0, fromManifest.Diagnostics.Count, string.Join("\n", fromManifest.Diagnostics));
        CollectionAssert.AreEqual(fromDatabase.Packages.Select(p => p.Purl).ToArray(), fromManifest.Packages.Select(p => p.Purl).ToArray());
        CollectionAssert.AreEqual(fromDatabase.Packages.Select(p => p.Version).ToArray(), fromManifest.Packages.Select(p => p.Version).ToArray());
        CollectionAssert.AreEqual(fromDatabase.Packages.Select(p => p.Supplier).ToArray(), fromManifest.Packages.Select(p => p.Supplier).ToArray());
        Assert.AreEqual("pkg:rpm/azurelinux/sc-libfoo@9.0.1-1.fc40?arch=x86_64&distro=azurelinux-3.0&epoch=2&upstream=sc-libfoo-9.0.1-1.fc40.src.rpm", fromManifest.Packages[2].Purl!.ToString());
        Assert.IsTrue(fromManifest.Packages.All(p => p.License is null), "the manifest has no license column");
    }

    [TestMethod]
    public void An_azure_linux_manifest_line_with_an_epoch_and_malformed_lines()
    {
        var manifest =
            "azurelinux-release\t3.0-25.azl3\t1733000000\t1732000000\tMicrosoft Corporation\t(none)\t1268\tnoarch\t0\tazurelinux-release-3.0-25.azl3.src.rpm\r\n" +
            "vim\t9.1.0791-1.azl3\t1733000000\t1732000000\tMicrosoft Corporation\t2\t45000\tx86_64\t2\tvim-9.1.0791-1.azl3.src.rpm\n" +
            "too\tfew\tfields\n" +
            "noversion\t1.0\t0\t0\tv\t(none)\t1\tx86_64\t0\tnoversion-1.0.src.rpm\n" +
            "\n";

        var result = Catalog(new() { Id = "azurelinux", VersionId = "3.0" }, ManifestPath, Encoding.UTF8.GetBytes(manifest));

        CollectionAssert.AreEqual(
            new[]
            {
                "pkg:rpm/azurelinux/azurelinux-release@3.0-25.azl3?arch=noarch&distro=azurelinux-3.0&upstream=azurelinux-release-3.0-25.azl3.src.rpm",
                "pkg:rpm/azurelinux/vim@9.1.0791-1.azl3?arch=x86_64&distro=azurelinux-3.0&epoch=2&upstream=vim-9.1.0791-1.azl3.src.rpm",
            },
            result.Packages.Select(p => p.Purl!.ToString()).ToArray());
        Assert.AreEqual("2:9.1.0791-1.azl3", result.Packages[1].Version);
        Assert.AreEqual("Microsoft Corporation", result.Packages[1].Supplier);
        Assert.AreEqual("45000", Property(result.Packages[1], "sc:rpm:size"));
        CollectionAssert.AreEqual(new[] { "SCSEC3009", "SCSEC3009" }, result.Diagnostics.Select(d => d.Code).ToArray());
        StringAssert.Contains(result.Diagnostics[0].Message, "line 3: the line has 3 tab-separated fields, not 10");
        StringAssert.Contains(result.Diagnostics[1].Message, "line 4: 'noversion' has '1.0'");
    }

    private static CatalogResult Catalog(SimpleContainer.Security.Sbom.Catalogers.OsRelease.LinuxRelease? release, string path, byte[] content) =>
        new RpmCataloger().Catalog(Context(release, new ImageFile(path, path, LayerDigest, content)), CancellationToken.None);

    private static string? None(string value) => value == "(none)" ? null : value;

    private static string? Property(CatalogedPackage package, string name) => package.Properties.SingleOrDefault(p => p.Name == name)?.Value;
}
