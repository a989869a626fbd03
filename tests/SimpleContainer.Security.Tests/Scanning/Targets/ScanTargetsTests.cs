using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Targets;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Scanning.Targets;

[TestClass]
public sealed class ScanTargetsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Debian_packages_carry_their_source_package_and_the_os_is_taken_from_os_release()
    {
        var document = (await Generator().GenerateAsync(Subject, Debian())).Document;

        var target = ScanTargets.FromDocument(document, null);

        Assert.AreEqual(new ScanDistro("debian", "12"), target.Distro);
        Assert.AreEqual(Subject.Digest.ToString(), target.Digest);
        var libssl = target.Packages.Single(p => p.Name == "libssl3");
        Assert.AreEqual(PackageEcosystem.Deb, libssl.Ecosystem);
        Assert.AreEqual("3.0.22-1~deb12u2", libssl.Version);
        Assert.AreEqual("openssl", libssl.SourceName);
        Assert.AreEqual("debian-12", libssl.Distro);
        Assert.AreEqual("1:1.2.13.dfsg-1", target.Packages.Single(p => p.Name == "zlib1g").Version);
        Assert.AreEqual("glibc", target.Packages.Single(p => p.Name == "libc6").SourceName);
        Assert.IsFalse(target.Packages.Any(p => p.Name == "debian"), "the operating system is not a package");
    }

    [TestMethod]
    public async Task Our_cyclonedx_file_reads_back_to_the_same_packages_as_the_document()
    {
        var document = (await Generator().GenerateAsync(Subject, Debian())).Document;
        var path = Path.Combine(TestContext.TestRunDirectory!, $"{Guid.NewGuid():N}.cdx.json");
        await File.WriteAllBytesAsync(path, new CycloneDxJsonWriter().ToBytes(document));

        var fromFile = await ScanTargets.ReadCycloneDxAsync(path, "linux/amd64", default);
        var fromDocument = ScanTargets.FromDocument(document, "linux/amd64");

        Assert.AreEqual(fromDocument.Distro, fromFile.Distro);
        Assert.AreEqual(fromDocument.Digest, fromFile.Digest);
        Assert.AreEqual("linux/amd64", fromFile.Platform);
        CollectionAssert.AreEqual(
            fromDocument.Packages.Select(p => $"{p.Key} {p.SourceName} {p.SourceVersion}").ToArray(),
            fromFile.Packages.Select(p => $"{p.Key} {p.SourceName} {p.SourceVersion}").ToArray());
    }

    [TestMethod]
    public async Task Alpine_packages_carry_their_origin()
    {
        var target = ScanTargets.FromDocument((await Generator().GenerateAsync(Subject, Alpine())).Document, null);

        Assert.AreEqual("alpine", target.Distro?.Id);
        var libcrypto = target.Packages.Single(p => p.Name == "libcrypto3");
        Assert.AreEqual(PackageEcosystem.Apk, libcrypto.Ecosystem);
        Assert.AreEqual("openssl", libcrypto.SourceName);
    }

    [TestMethod]
    public async Task Trivy_cyclonedx_gives_source_packages_from_its_properties_and_the_epoch_from_the_purl()
    {
        // Real output of trivy (the build cdxgen 12.8.4 ships) on a Debian 12 root filesystem; see testdata/README.md.
        var path = Path.Combine(TestContext.TestRunDirectory!, $"{Guid.NewGuid():N}.trivy.cdx.json");
        await File.WriteAllTextAsync(path, TestData.TrivyRootfsDebian12CycloneDx);

        var target = await ScanTargets.ReadCycloneDxAsync(path, null, default);

        Assert.AreEqual(new ScanDistro("debian", "12.11"), target.Distro);
        Assert.HasCount(8, target.Packages);
        var zlib = target.Packages.Single(p => p.Name == "zlib1g");
        Assert.AreEqual("1:1.2.13.dfsg-1", zlib.Version);
        Assert.AreEqual("zlib", zlib.SourceName);
        Assert.AreEqual("1:1.2.13.dfsg-1", zlib.SourceVersion);
        var libssl = target.Packages.Single(p => p.Name == "libssl3");
        Assert.AreEqual("openssl", libssl.SourceName);
        Assert.AreEqual("3.0.22-1~deb12u2", libssl.SourceVersion);
        Assert.AreEqual("debian-12.11", libssl.Distro);
    }

    [TestMethod]
    public async Task A_file_that_is_not_cyclonedx_is_a_coded_error()
    {
        var path = Path.Combine(TestContext.TestRunDirectory!, $"{Guid.NewGuid():N}.spdx.json");
        await File.WriteAllTextAsync(path, """{"spdxVersion":"SPDX-2.3"}""");

        var ex = await Assert.ThrowsExactlyAsync<ScException>(() => ScanTargets.ReadCycloneDxAsync(path, null, default));
        Assert.AreEqual(DiagnosticIds.ScanSbomUnreadable, ex.Diagnostic.ResourceKey);
        StringAssert.Contains(ex.Message, "not a CycloneDX JSON document");
    }

    [TestMethod]
    [DataRow("curl-8.6.0-7.fc40.src.rpm", "curl")]
    [DataRow("python3-libs-3.12.2-2.fc40.src.rpm", "python3-libs")]
    [DataRow("glibc-2.39-4.el9.nosrc.rpm", "glibc")]
    [DataRow("plain", "plain")]
    public void Rpm_source_names_are_cut_from_the_source_rpm_file_name(string sourceRpm, string name) =>
        Assert.AreEqual(name, SbomPackageMapper.RpmSourceName(sourceRpm));
}
