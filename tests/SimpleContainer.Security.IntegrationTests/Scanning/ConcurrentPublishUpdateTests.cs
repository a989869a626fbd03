using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Scanning;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// The database lock across processes: four real `dotnet publish` runs, started at once on one empty cache, update the
/// vulnerability database on demand (before the push) and judge the same vulnerable app.
/// </summary>
[TestClass]
public sealed class ConcurrentPublishUpdateTests
{
    private const int Publishes = 4;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Four_publishes_started_at_once_on_one_empty_cache_leave_one_intact_database_one_download_per_source_and_the_same_findings()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]> { ["Debian:12"] = [ScanTestAdvisories.DebianZlib], ["NuGet"] = [] });

        // The first download is held until every publish has begun judging its image, so the one updating holds the
        // lock while the others reach it.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        osv.HoldDownloads = release.Task;
        var cache = Directory.CreateTempSubdirectory("sc-shared-cache-").FullName;
        var database = Path.Combine(cache, "vulnerabilities.db");
        var feed = await AssemblySetup.FeedAsync();
        var apps = Enumerable.Range(0, Publishes).Select(i => SampleApp.Create(feed, $"lock-{i}", [new("Newtonsoft.Json", "12.0.1")], audit.ServiceIndex)).ToList();

        var publishes = apps.Select((app, i) => PublishAsync(app, $"it/lock-{i}", database, osv.BaseUri)).ToList();
        await WhenEveryPublishIsJudgingAsync(apps, publishes);
        release.TrySetResult();
        var results = await Task.WhenAll(publishes);

        foreach (var result in results)
        {
            Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
            StringAssert.Contains(result.StandardOutput, "GHSA-5crp-9r3c-p9vr");
            StringAssert.Contains(result.StandardOutput, "error SCSEC4110");
        }

        Assert.AreEqual(1, osv.Downloads("Debian:12"), string.Join(", ", osv.Requests));
        Assert.AreEqual(1, osv.Downloads("NuGet"), string.Join(", ", osv.Requests));
        Assert.AreEqual(1, audit.Requests.Count(r => r.StartsWith("GET /v3/vulnerabilities/base.json", StringComparison.Ordinal)), string.Join(", ", audit.Requests));
        Assert.AreEqual(1, results.Count(r => r.StandardOutput.Contains("SCSEC4104: Updated the vulnerability database", StringComparison.Ordinal)), "one publish updated, the others found the data current");

        var findings = new List<string>();
        foreach (var app in apps)
        {
            var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
            findings.Add(string.Join(",", report.Verdicts.Select(v => $"{v.Finding.VulnerabilityId}@{v.Finding.Package.Name}").Order(StringComparer.Ordinal)));
        }

        Assert.HasCount(1, findings.Distinct().ToList(), "every publish found the same: " + string.Join(" | ", findings));
        StringAssert.Contains(findings[0], "Newtonsoft.Json");
        StringAssert.Contains(findings[0], "zlib1g");

        var (code, output, error) = await Sc.RunAsync("db", "status", "--database", database);
        Assert.AreEqual(0, code, output + error);
        Assert.IsEmpty(Directory.GetFiles(cache, "*.tmp"), "no update was left half-written");
    }

    /// <summary>
    /// Waits until each publish's scan before the push has begun (its sc-security/ folder exists) or a publish ended,
    /// so the held download is let go either way.
    /// </summary>
    private static async Task WhenEveryPublishIsJudgingAsync(IReadOnlyList<SampleApp> apps, IReadOnlyList<Task<ProcessResult>> publishes)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (!apps.All(a => Directory.Exists(a.SecurityFolder())) && !publishes.Any(p => p.IsCompleted))
        {
            await Task.WhenAny(Task.WhenAny(publishes), Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token));
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string repository, string database, Uri osv) =>
        DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository={repository}", "-p:NuGetAudit=false",
            "-p:ScScanEnabled=true", "-p:ScScanFailOn=high", $"-p:ScVulnerabilityDatabase={database}", $"-p:ScOsvBaseUrl={osv}",
            "-p:ScVulnerabilityDatabaseUpdateTimeout=600"],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
}
