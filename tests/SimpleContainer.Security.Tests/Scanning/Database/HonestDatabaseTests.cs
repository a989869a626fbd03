using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Database;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

/// <summary>An empty database is no database: failed updates leave nothing half-made, and the builtin scanner does not count an empty or partial one as a scan.</summary>
[TestClass]
public sealed class HonestDatabaseTests
{
    private string _folder = string.Empty;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Initialize() => _folder = TempFolder();

    [TestCleanup]
    public void Cleanup() => DeleteFolder(_folder);

    [TestMethod]
    public async Task A_failed_first_update_leaves_no_database_file()
    {
        var path = Path.Combine(_folder, "cache", VulnerabilityDatabase.FileName);
        using var http = new HttpClient();

        var update = await new VulnerabilityDatabaseUpdater(path, http).UpdateAsync(VulnerabilitySource.Osv(Path.Combine(_folder, "none")), TestContext.CancellationToken);

        Assert.IsFalse(update.Succeeded);
        Assert.IsFalse(File.Exists(path), "no empty vulnerabilities.db is left behind");
        CollectionAssert.AreEqual(new[] { VulnerabilityDatabase.FileName + ".lock" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).ToArray(), "no temporary file either");
    }

    [TestMethod]
    public async Task A_failed_update_leaves_the_previous_database_byte_for_byte()
    {
        var path = Path.Combine(_folder, VulnerabilityDatabase.FileName);
        var records = Path.Combine(_folder, "nuget.json");
        await File.WriteAllTextAsync(records, GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-01-01T00:00:00Z"), TestContext.CancellationToken);
        using var http = new HttpClient();
        var updater = new VulnerabilityDatabaseUpdater(path, http);
        Assert.IsTrue((await updater.UpdateAsync(VulnerabilitySource.Osv(records, "osv-nuget"), TestContext.CancellationToken)).Succeeded);
        var before = await File.ReadAllBytesAsync(path, TestContext.CancellationToken);

        var broken = Path.Combine(_folder, "all.zip");
        await File.WriteAllBytesAsync(broken, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3], TestContext.CancellationToken);
        var failed = await updater.UpdateAsync([VulnerabilitySource.Osv(Path.Combine(_folder, "none"), "gone"), VulnerabilitySource.Osv(broken, "osv-nuget")], TestContext.CancellationToken);

        Assert.IsFalse(failed[0].Succeeded);
        Assert.IsFalse(failed[1].Succeeded);
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(path, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task An_empty_database_is_not_a_scan()
    {
        var path = Path.Combine(_folder, VulnerabilityDatabase.FileName);
        await (await VulnerabilityDatabaseWriter.OpenAsync(path, TestContext.CancellationToken)).DisposeAsync();
        await using var provider = new ScannerProvider(path, _ => null);

        var result = await provider.ForTool(ScanTools.Builtin).ScanAsync(Request(NuGet("Newtonsoft.Json", "12.0.1")), TestContext.CancellationToken);

        Assert.AreEqual(ScannerOutcome.Missing, result.Run.Outcome);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4101: The vulnerability database " + path + " was never successfully updated (0 records, 0 sources checked)");
    }

    [TestMethod]
    public async Task A_database_without_an_ecosystem_the_image_needs_is_not_a_scan_but_keeps_its_findings()
    {
        var path = Path.Combine(_folder, VulnerabilityDatabase.FileName);
        var records = Path.Combine(_folder, "nuget.json");
        await File.WriteAllTextAsync(records, GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-01-01T00:00:00Z"), TestContext.CancellationToken);
        using var http = new HttpClient();
        Assert.IsTrue((await new VulnerabilityDatabaseUpdater(path, http).UpdateAsync(VulnerabilitySource.Osv(records), TestContext.CancellationToken)).Succeeded);
        await using var provider = new ScannerProvider(path, _ => null);
        var builtin = provider.ForTool(ScanTools.Builtin);

        var nugetOnly = await builtin.ScanAsync(Request(NuGet("Newtonsoft.Json", "12.0.1")), TestContext.CancellationToken);
        var withDebian = await builtin.ScanAsync(Request(NuGet("Newtonsoft.Json", "12.0.1"), Deb("libssl3", "3.0.11-1~deb12u2", "openssl"), Deb("curl", "7.88.1-10")), TestContext.CancellationToken);

        Assert.AreEqual(ScannerOutcome.Succeeded, nugetOnly.Run.Outcome);
        Assert.AreEqual(ScannerOutcome.Missing, withDebian.Run.Outcome);
        StringAssert.StartsWith(withDebian.Run.Error, $"SCSEC4102: The vulnerability database {path} holds no advisories for Debian, which 2 package(s) of the image need");
        Assert.AreEqual("Newtonsoft.Json", withDebian.Findings.Single().Package.Name, "what was matched is still reported");
    }

    private static ScanRequest Request(params ScanPackage[] packages) =>
        new() { Target = new ScanTarget { Name = "localhost:5000/app@sha256:abc", Packages = packages, Distro = new ScanDistro("debian", "12"), Platform = "linux/amd64" } };

    private static ScanPackage NuGet(string name, string version) => new() { Ecosystem = PackageEcosystem.NuGet, Name = name, Version = version };

    private static ScanPackage Deb(string name, string version, string? source = null) =>
        new() { Ecosystem = PackageEcosystem.Deb, Name = name, Version = version, SourceName = source, Distro = "debian-12" };
}
