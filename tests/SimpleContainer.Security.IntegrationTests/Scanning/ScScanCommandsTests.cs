using SimpleContainer.Security.Scanning.Reports;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>`sc db update|status` and `sc image scan` in-process against the test registry's fixture images, with their exit codes.</summary>
[TestClass]
public sealed class ScScanCommandsTests
{
    private static string? database;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [ClassInitialize]
    public static async Task CreateDatabaseAsync(TestContext context) => database = await ScanTestAdvisories.CreateDatabaseAsync("cli");

    [TestMethod]
    public async Task Db_status_lists_the_sources_and_a_missing_database_exits_1()
    {
        var status = await Sc.RunAsync("db", "status", "--database", database!);
        Assert.AreEqual(0, status.Code, status.Error);
        StringAssert.Contains(status.Output, "4 records");
        StringAssert.Contains(status.Output, "[osv]: 4 records");

        var missing = await Sc.RunAsync("db", "status", "--database", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.db"));
        Assert.AreEqual(1, missing.Code);
        StringAssert.Contains(missing.Error, "SCSEC4020");
    }

    [TestMethod]
    public async Task Image_scan_fails_on_a_critical_debian_finding_by_source_package_and_soft_fail_passes()
    {
        var output = Directory.CreateTempSubdirectory("sc-image-scan-").FullName;

        var failed = await Sc.RunAsync("image", "scan", "--image", $"{Host}/fixtures/debian:12", "--database", database!, "--fail-on", "high", "--output-dir", output, "--sarif", Path.Combine(output, "copy.sarif"));
        var soft = await Sc.RunAsync("image", "scan", "--image", $"{Host}/fixtures/debian:12", "--database", database!, "--fail-on", "high", "--soft-fail", "--output-dir", output);

        Assert.AreEqual(1, failed.Code, failed.Error);
        StringAssert.Contains(failed.Error, "error SCSEC4081: libssl3 3.0.22-1~deb12u2 has a critical vulnerability, CVE-2099-0001 (also SCTEST-2026-0001; CVSS 9.8); fixed in 3.0.22-1~deb12u3.");
        StringAssert.Contains(failed.Output, "| critical |", "scan.md is printed");
        Assert.IsTrue(File.Exists(Path.Combine(output, "copy.sarif")));
        var report = await ScanJsonReader.ReadAsync(Path.Combine(output, "scan.json"), default);
        CollectionAssert.AreEquivalent(new[] { "CVE-2099-0001", "SCTEST-2026-0002" }, report.Verdicts.Select(v => v.Finding.VulnerabilityId).ToArray(), "the Debian 11 record does not match");
        Assert.AreEqual(0, soft.Code, soft.Error);
        StringAssert.Contains(soft.Error, "warning SCSEC4081");
    }

    [TestMethod]
    public async Task A_required_scanner_that_is_not_installed_exits_2_and_a_bad_severity_exits_3()
    {
        var environment = new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["SC_GRYPE_PATH"] = null };
        var missing = await Sc.RunAsync(environment, "image", "scan", "--image", $"{Host}/fixtures/alpine:3.20", "--database", database!, "--tools", "builtin,grype", "--required", "grype", "--output-dir", Directory.CreateTempSubdirectory("sc-scan-grype-").FullName);
        var badSeverity = await Sc.RunAsync("image", "scan", "--image", $"{Host}/fixtures/alpine:3.20", "--database", database!, "--fail-on", "severe");

        Assert.AreEqual(2, missing.Code, missing.Error);
        StringAssert.Contains(missing.Error, "error SCSEC4085: The grype scanner did not scan");
        Assert.AreEqual(3, badSeverity.Code, badSeverity.Error);
        StringAssert.Contains(badSeverity.Error, "SCSEC1100: 'severe' is not a valid value for --fail-on.");
    }
}
