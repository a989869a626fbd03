using SimpleContainer.Security.Sbom.Catalogers.Dpkg;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.CatalogerTestFiles;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class DpkgCatalogerTests
{
    private static readonly string[] DebianNames = ["base-files", "ca-certificates", "libc6", "libgcc-s1", "libssl3", "libstdc++6", "tzdata", "zlib1g"];

    [TestMethod]
    public void Reads_the_eight_installed_packages_of_the_real_debian_status_file()
    {
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", TestData.DebianDpkgStatus)), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEqual(DebianNames, result.Packages.Select(p => p.Name).ToArray());
        var libc = result.Packages.Single(p => p.Name == "libc6");
        Assert.AreEqual("2.36-9+deb12u14", libc.Version);
        Assert.AreEqual("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", libc.Purl!.ToString());
        Assert.AreEqual("GNU Libc Maintainers <debian-glibc@lists.debian.org>", libc.Supplier);
        Assert.AreEqual("GNU C Library: Shared libraries", libc.Description);
        Assert.AreEqual("glibc", Property(libc, "sc:dpkg:source"));
        Assert.AreEqual("2.36-9+deb12u14", Property(libc, "sc:dpkg:source-version"));
        Assert.AreEqual("13001", Property(libc, "sc:dpkg:installed-size-kib"));
        Assert.AreEqual("dpkg-db-cataloger", libc.Cataloger);
        Assert.AreEqual("/var/lib/dpkg/status", libc.Path);
        Assert.AreEqual(CatalogerTestFiles.LayerDigest, libc.LayerDigest);

        var zlib = result.Packages.Single(p => p.Name == "zlib1g");
        Assert.AreEqual("1:1.2.13.dfsg-1", zlib.Version);
        Assert.AreEqual("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12", zlib.Purl!.ToString());
        Assert.AreEqual("zlib", Property(zlib, "sc:dpkg:source"));
        Assert.AreEqual("base-files", Property(result.Packages[0], "sc:dpkg:source"));
        Assert.AreEqual("pkg:deb/debian/tzdata@2025b-0%2Bdeb12u2?arch=all&distro=debian-12", result.Packages.Single(p => p.Name == "tzdata").Purl!.ToString());
    }

    [TestMethod]
    public void Dependencies_resolve_to_installed_packages_by_name_and_through_provides()
    {
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", TestData.DebianDpkgStatus)), default);
        string[] DependsOn(string name) => result.Packages.Single(p => p.Name == name).DependsOn.Select(p => p.Name).ToArray();

        CollectionAssert.AreEqual(new[] { "libgcc-s1" }, DependsOn("libc6"));
        CollectionAssert.AreEqual(new[] { "libc6", "libgcc-s1" }, DependsOn("libstdc++6"));
        CollectionAssert.AreEqual(Array.Empty<string>(), DependsOn("tzdata"));
    }

    [TestMethod]
    public void Source_with_a_version_in_parentheses_gives_the_source_version()
    {
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", "Package: libgcc-s1\nStatus: install ok installed\nVersion: 12.2.0-14+deb12u1\nSource: gcc-12 (12.2.0-14)\n")), default);
        var package = result.Packages.Single();
        Assert.AreEqual("gcc-12", Property(package, "sc:dpkg:source"));
        Assert.AreEqual("12.2.0-14", Property(package, "sc:dpkg:source-version"));
    }

    [TestMethod]
    public void Crlf_line_ends_give_the_same_packages()
    {
        var crlf = TestData.DebianDpkgStatus.Replace("\n", "\r\n", StringComparison.Ordinal);
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", crlf)), default);
        CollectionAssert.AreEqual(DebianNames, result.Packages.Select(p => p.Name).ToArray());
        Assert.AreEqual("1:1.2.13.dfsg-1", result.Packages.Single(p => p.Name == "zlib1g").Version);
    }

    [TestMethod]
    public void Only_installed_packages_count()
    {
        var status = """
            Package: removed
            Status: deinstall ok config-files
            Version: 1.0

            Package: half
            Status: install reinstreq half-installed
            Version: 1.0

            Package: held
            Status: hold ok installed
            Version: 2.0

            Package: kept
            Status: install ok installed
            Version: 3.0
            """;
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", status)), default);
        CollectionAssert.AreEqual(new[] { "held", "kept" }, result.Packages.Select(p => p.Name).ToArray());
        Assert.AreEqual(0, result.Diagnostics.Count);
    }

    [TestMethod]
    public void Status_d_files_need_no_status_line_and_md5sums_are_not_stanzas()
    {
        var result = new DpkgCataloger().Catalog(Context(
            Debian12,
            File("/var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u11\nArchitecture: amd64\n"),
            File("/var/lib/dpkg/status.d/base-files.md5sums", "8031d1483ffa9c819e6be94c6c77fd2a  etc/debian_version\n"),
            File("/var/lib/dpkg/status.d/netbase", "Package: netbase\r\nVersion: 6.4\r\nArchitecture: all\r\n")), default);

        CollectionAssert.AreEqual(new[] { "base-files", "netbase" }, result.Packages.Select(p => p.Name).ToArray());
        Assert.AreEqual("/var/lib/dpkg/status.d/netbase", result.Packages[1].Path);
        Assert.AreEqual(0, result.Diagnostics.Count);
    }

    [TestMethod]
    public void Corrupt_stanzas_become_coded_diagnostics_with_line_numbers_and_the_rest_is_read()
    {
        var status = """
            Package: good
            Status: install ok installed
            Version: 1.0

            Package: garbage
            Status: install ok installed
            this line has no colon
            Version: 1.0

            Package: noversion
            Status: install ok installed

             continuation first
            Package: x

            Package: nostatus
            Version: 1.0

            Package: twice
            Package: twice
            Version: 1.0
            Status: install ok installed

            Package: badstatus
            Version: 1.0
            Status: installed
            """;
        var result = new DpkgCataloger().Catalog(Context(Debian12, File("/var/lib/dpkg/status", status)), default);

        CollectionAssert.AreEqual(new[] { "good" }, result.Packages.Select(p => p.Name).ToArray());
        var messages = result.Diagnostics.Select(d => d.Message).ToList();
        Assert.AreEqual(6, messages.Count, string.Join("\n", messages));
        Assert.IsTrue(result.Diagnostics.All(d => d.Code == "SCSEC3009"));
        StringAssert.Contains(messages[0], "line 7: 'this line has no colon' is not a 'Field: value' line");
        StringAssert.Contains(messages[1], "line 10: the stanza of 'noversion' has no Version field");
        StringAssert.Contains(messages[2], "line 13: a continuation line comes before any field");
        StringAssert.Contains(messages[3], "has no Status field");
        StringAssert.Contains(messages[4], "the field 'Package' appears twice");
        StringAssert.Contains(messages[5], "the Status of 'badstatus' is 'installed'");
        StringAssert.Contains(messages[0], "dpkg-db-cataloger");
    }

    [TestMethod]
    public void Without_an_os_release_the_namespace_is_debian_and_there_is_no_distro()
    {
        var result = new DpkgCataloger().Catalog(Context(null, File("/var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: arm64\n")), default);
        Assert.AreEqual("pkg:deb/debian/a@1?arch=arm64", result.Packages.Single().Purl!.ToString());
    }

    private static string? Property(SimpleContainer.Security.Sbom.Catalogers.CatalogedPackage package, string name) =>
        package.Properties.SingleOrDefault(p => p.Name == name)?.Value;
}
