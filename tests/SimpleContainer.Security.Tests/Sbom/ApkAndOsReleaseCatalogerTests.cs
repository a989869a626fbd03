using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.Apk;
using SimpleContainer.Security.Sbom.Catalogers.OsRelease;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.CatalogerTestFiles;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class ApkAndOsReleaseCatalogerTests
{
    [TestMethod]
    public void Reads_the_five_packages_of_the_real_alpine_database()
    {
        var result = new ApkCataloger().Catalog(Context(Alpine3203, File("/lib/apk/db/installed", TestData.AlpineApkInstalled)), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEqual(new[] { "musl", "busybox", "alpine-baselayout", "libcrypto3", "zlib" }, result.Packages.Select(p => p.Name).ToArray());
        var musl = result.Packages[0];
        Assert.AreEqual("1.2.5-r0", musl.Version);
        Assert.AreEqual("pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3", musl.Purl!.ToString());
        Assert.AreEqual("MIT", musl.License);
        Assert.AreEqual("Timo Teräs <timo.teras@iki.fi>", musl.Supplier);
        Assert.AreEqual("the musl c library (libc) implementation", musl.Description);
        Assert.AreEqual("https://musl.libc.org/", musl.Homepage);
        Assert.AreEqual("musl", Property(musl, "sc:apk:origin"));
        Assert.AreEqual("1712162112", Property(musl, "sc:apk:build-time"));
        Assert.AreEqual("bcb3a3e4d2d7e1d3c1fd3a0f7ab4d3b0e8d45ef1", Property(musl, "sc:apk:commit"));
        Assert.AreEqual("openssl", Property(result.Packages[3], "sc:apk:origin"));
        CollectionAssert.AreEqual(new[] { "musl" }, result.Packages[1].DependsOn.Select(p => p.Name).ToArray(), "busybox needs so:libc.musl-x86_64.so.1, which musl provides");
    }

    [TestMethod]
    public void Corrupt_apk_records_become_coded_diagnostics_and_the_rest_is_read()
    {
        var database = "P:good\nV:1.0-r0\nA:x86_64\n\nP:bad\nthis is not a field\nV:1\n\nV:2.0\nA:x86_64\n\nP:noversion\r\n\r\nP:ok\r\nV:3.0-r1\r\n";
        var result = new ApkCataloger().Catalog(Context(Alpine3203, File("/lib/apk/db/installed", database)), default);

        CollectionAssert.AreEqual(new[] { "good", "ok" }, result.Packages.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "SCSEC3009", "SCSEC3009", "SCSEC3009" }, result.Diagnostics.Select(d => d.Code).ToArray());
        StringAssert.Contains(result.Diagnostics[0].Message, "line 6: 'this is not a field' is not a 'K:value' line");
        StringAssert.Contains(result.Diagnostics[1].Message, "line 9: the record has no P: (package name) line");
        StringAssert.Contains(result.Diagnostics[2].Message, "the record of 'noversion' has no V: (version) line");
    }

    [TestMethod]
    [DataRow(FixtureImages.OsReleaseDebian12, "debian", "12", "debian-12", "Debian GNU/Linux 12 (bookworm)")]
    [DataRow(FixtureImages.OsReleaseAlpine320, "alpine", "3.20.3", "alpine-3.20.3", "Alpine Linux v3.20")]
    [DataRow("ID=debian\nVERSION_CODENAME=trixie\n", "debian", null, "debian-trixie", null)]
    [DataRow("# comment\nID='ubuntu'\nVERSION_ID=\"22.04\"\nPRETTY_NAME=\"Ubuntu \\\"Jammy\\\"\"\n", "ubuntu", "22.04", "ubuntu-22.04", "Ubuntu \"Jammy\"")]
    public void Os_release_gives_the_operating_system_and_the_distro_qualifier(string content, string id, string? version, string distro, string? pretty)
    {
        var result = new OsReleaseCataloger().Catalog(Context(null, File("/etc/os-release", content)), default);

        Assert.AreEqual(id, result.Release!.Id);
        Assert.AreEqual(version, result.Release.VersionId);
        Assert.AreEqual(distro, result.Release.DistroQualifier);
        var os = result.Packages.Single();
        Assert.AreEqual(ComponentType.OperatingSystem, os.Type);
        Assert.AreEqual(id, os.Name);
        Assert.AreEqual(pretty, os.Description);
        Assert.AreEqual("os-release-cataloger", os.Cataloger);
    }

    [TestMethod]
    public void Os_release_falls_back_to_usr_lib_and_its_absence_is_a_coded_message()
    {
        var fallback = new OsReleaseCataloger().Catalog(Context(null, File("/usr/lib/os-release", "ID=alpine\nVERSION_ID=3.20.3\n")), default);
        Assert.AreEqual("alpine-3.20.3", fallback.Release!.DistroQualifier);
        Assert.AreEqual("/usr/lib/os-release", fallback.Packages.Single().Path);

        var both = new OsReleaseCataloger().Catalog(Context(null, File("/usr/lib/os-release", "ID=other\n"), File("/etc/os-release", "ID=debian\n")), default);
        Assert.AreEqual("debian", both.Release!.Id);

        var none = new OsReleaseCataloger().Catalog(Context(null), default);
        Assert.IsNull(none.Release);
        Assert.AreEqual(0, none.Packages.Count);
        Assert.AreEqual("SCSEC3011", none.Diagnostics.Single().Code);
        Assert.AreEqual(DiagnosticSeverity.Message, none.Diagnostics.Single().Severity);
    }

    [TestMethod]
    public void A_malformed_os_release_line_is_a_coded_warning_and_the_rest_is_read()
    {
        var result = new OsReleaseCataloger().Catalog(Context(null, File("/etc/os-release", "ID=debian\nthis is junk\nVERSION_ID=12\n")), default);
        Assert.AreEqual("debian-12", result.Release!.DistroQualifier);
        var warning = result.Diagnostics.Single();
        Assert.AreEqual("SCSEC3010", warning.Code);
        StringAssert.Contains(warning.Message, "line 2");
    }

    private static string? Property(CatalogedPackage package, string name) => package.Properties.SingleOrDefault(p => p.Name == name)?.Value;
}
