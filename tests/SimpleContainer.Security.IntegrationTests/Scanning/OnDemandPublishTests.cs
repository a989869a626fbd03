using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Scanning;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// Zero-config scanning through a real publish: no `sc db update` step; the scan fetches its data from the project's
/// loopback NuGet audit source and a loopback OSV bucket, only the ecosystems the image holds, and only once.
/// </summary>
[TestClass]
public sealed class OnDemandPublishTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task With_no_database_step_the_publish_fetches_its_data_and_fails_on_newtonsoft_and_a_second_publish_downloads_nothing()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]>
        {
            ["Debian:12"] = [ScanTestAdvisories.DebianOpenSsl, ScanTestAdvisories.DebianZlib],
            ["Alpine:v3.20"] = ["""{"id":"ALPINE-TEST-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Alpine:v3.20","name":"openssl"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}"""],
            ["NuGet"] = [],
        });
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "on-demand", [new("Newtonsoft.Json", "12.0.1")], audit.ServiceIndex);
        var database = Path.Combine(app.Directory, "empty-cache", "vulnerabilities.db");

        var first = await PublishAsync(app, database, osv.BaseUri);
        var auditRequests = audit.Requests.ToArray();
        var bucketRequests = osv.Requests.ToArray();
        var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        var second = await PublishAsync(app, database, osv.BaseUri);

        Assert.AreNotEqual(0, first.ExitCode, first.StandardOutput);
        StringAssert.Contains(first.StandardOutput, "error SCSEC4081: Newtonsoft.Json 12.0.1 has a high vulnerability");
        StringAssert.Contains(first.StandardOutput, "GHSA-5crp-9r3c-p9vr");
        StringAssert.Contains(first.StandardOutput, "SCSEC4104");
        Assert.IsTrue(report.Verdicts.Any(v => v.Finding.VulnerabilityId == "CVE-2099-0001" && v.Finding.Package.Name == "libssl3"), "the Debian advisory from the fetched zip is matched");
        Assert.AreEqual(GateState.Failed, report.Gate);
        Assert.AreEqual(1, osv.Downloads("Debian:12"));
        Assert.AreEqual(0, osv.Requests.Count(r => r.Contains("Alpine", StringComparison.Ordinal)), "the image holds no Alpine packages: " + string.Join(", ", bucketRequests));
        Assert.IsTrue(auditRequests.Any(r => r.StartsWith("GET /v3/vulnerabilities/base.json", StringComparison.Ordinal)), "the project's audit source was read");

        Assert.AreNotEqual(0, second.ExitCode, second.StandardOutput);
        StringAssert.Contains(second.StandardOutput, "error SCSEC4081: Newtonsoft.Json 12.0.1 has a high vulnerability");
        CollectionAssert.AreEqual(auditRequests, audit.Requests.ToArray(), "the second publish asked the audit source nothing");
        CollectionAssert.AreEqual(bucketRequests, osv.Requests.ToArray(), "nor the OSV bucket");
    }

    [TestMethod]
    [DataRow(false, DisplayName = "not required: warnings, not evaluated, the build goes on")]
    [DataRow(true, DisplayName = "required: the build fails")]
    public async Task With_every_source_unreachable_the_publish_reports_not_evaluated_in_all_four_outputs_and_fails_only_when_required(bool required)
    {
        var unreachable = new Uri("http://127.0.0.1:9/");
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), $"unreachable-{required}".ToLowerInvariant(), [], new Uri(unreachable, "v3/index.json"));
        var database = Path.Combine(app.Directory, "empty-cache", "vulnerabilities.db");

        var result = await PublishAsync(app, database, unreachable, $"-p:ScScanRequired={required}");

        Assert.AreEqual(required, result.ExitCode != 0, result.StandardOutput);
        var level = required ? "error" : "warning";
        StringAssert.Contains(result.StandardOutput, $"{level} SCSEC4105: The vulnerability source osv:Debian:12 (http://127.0.0.1:9/Debian:12/all.zip) could not be updated");
        StringAssert.Contains(result.StandardOutput, $"{level} SCSEC4105: The vulnerability source audit (http://127.0.0.1:9/v3/index.json) could not be updated");
        StringAssert.Contains(result.StandardOutput, $"{level} SCSEC4100: No scanner produced a result for");
        StringAssert.Contains(result.StandardOutput, "the failOn=high gate was NOT EVALUATED");
        Assert.IsFalse(result.StandardOutput.Contains("gate passed", StringComparison.Ordinal), result.StandardOutput);
        Assert.IsFalse(File.Exists(database), "failed updates leave no empty database");
        var folder = app.SecurityFolder();
        Assert.AreEqual(GateState.NotEvaluated, (await ScanJsonReader.ReadAsync(Path.Combine(folder, "scan.json"), default)).Gate);
        StringAssert.Contains(await File.ReadAllTextAsync(Path.Combine(folder, "scan.md")), "**Gate: NOT EVALUATED**");
        using var sarif = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.sarif")));
        Assert.IsFalse(sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string database, Uri osv, params string[] more) =>
        DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/on-demand", "-p:NuGetAudit=false",
            "-p:ScSbomEnabled=true", "-p:ScScanEnabled=true", "-p:ScScanFailOn=high", $"-p:ScVulnerabilityDatabase={database}", $"-p:ScOsvBaseUrl={osv}", .. more],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
}
