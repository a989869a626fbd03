using System.Text.Json;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.Tests.Scanning.Backends;
using SimpleContainer.Security.Tools;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Pipeline;

/// <summary>
/// The scan stage with thresholds per scanner: grype runs as a stand-in printing a recorded real report (two medium
/// httpclient findings, testdata/README.md) beside a builtin scanner that answers what the test needs.
/// </summary>
[TestClass]
public sealed class ScanToolThresholdStageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Each_scanners_threshold_judges_its_own_findings_and_every_report_shows_the_thresholds()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var scanners = new Scanners(grype, Libssl(Severity.Medium));
        var options = new ScanOptions
        {
            Tools = ["builtin", "grype"],
            FailOn = Severity.Critical,
            ToolFailOn = new Dictionary<string, Severity?> { ["builtin"] = Severity.Medium, ["grype"] = Severity.High, ["trivy"] = Severity.Low },
            ToolWarnOn = new Dictionary<string, Severity?> { ["grype"] = null },
        };

        var (result, folder) = await ScanAsync(scanners, options);

        Assert.AreEqual(StageOutcome.Failed, result.Stage.Outcome);
        var report = result.Report!;
        var libssl = report.Verdicts.Single(v => v.Finding.Package.Name == "libssl3");
        Assert.AreEqual(FindingAction.Fail, libssl.Action, "builtin's own medium judges its medium finding");
        Assert.AreEqual("at or above failOn=medium of builtin", libssl.Reason);
        var httpclient = report.Verdicts.Where(v => v.Finding.Package.Name == "httpclient").ToList();
        Assert.IsNotEmpty(httpclient);
        Assert.IsTrue(httpclient.All(v => v.Action == FindingAction.Pass && v.Finding.Severity == Severity.Medium), "grype's medium findings are below its high and it has no warnOn");
        Assert.AreEqual("SCSEC4081", result.Stage.Diagnostics.Single(d => d.Severity == SimpleContainer.Security.Diagnostics.DiagnosticSeverity.Error).Code);
        StringAssert.Contains(result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4083").Message, "the failOn=critical (builtin: medium, grype: high) gate FAILED on 1 finding(s)");

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.json")));
        var policy = json.RootElement.GetProperty("policy");
        Assert.AreEqual("""{"builtin":"medium","grype":"high"}""", JsonSerializer.Serialize(policy.GetProperty("toolFailOn")), "a scanner that does not run has no threshold in the report");
        Assert.AreEqual("""{"grype":"none"}""", JsonSerializer.Serialize(policy.GetProperty("toolWarnOn")));
        var read = await ScanJsonReader.ReadAsync(Path.Combine(folder, "scan.json"), default);
        Assert.AreEqual("high", read.ToolFailOn["grype"]);
        Assert.AreEqual(GateState.Failed, read.Gate);

        using var sarif = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.sarif")));
        var properties = sarif.RootElement.GetProperty("runs")[0].GetProperty("properties");
        Assert.AreEqual("critical", properties.GetProperty("failOn").GetString());
        Assert.AreEqual("medium", properties.GetProperty("toolFailOn").GetProperty("builtin").GetString());

        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "scan.md"));
        StringAssert.Contains(markdown, "- builtin: fail on medium, warn on high\n- grype: fail on high, warn on none\n");
    }

    [TestMethod]
    public async Task A_scanner_with_a_threshold_of_its_own_that_did_not_scan_leaves_the_gate_not_evaluated()
    {
        using var grype = ScannerStandIn.Running("grype", "echo 'database is corrupt' >&2; exit 1");
        var scanners = new Scanners(grype, Libssl(Severity.Medium));
        var options = new ScanOptions { Tools = ["builtin", "grype"], FailOn = Severity.Critical, ToolFailOn = new Dictionary<string, Severity?> { ["grype"] = Severity.Medium } };

        var (result, folder) = await ScanAsync(scanners, options);

        var report = result.Report!;
        Assert.AreEqual(GateState.NotEvaluated, report.Gate, "grype's medium gate saw nothing; builtin's findings passing the global critical is no pass");
        Assert.IsFalse(report.GatePassed);
        Assert.IsEmpty(report.NotScanned, "the image was scanned, by builtin");
        Assert.AreEqual(StageOutcome.FailedOpen, result.Stage.Outcome);
        StringAssert.Contains(result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4083").Message, "gate was NOT EVALUATED (grype did not scan)");
        var read = await ScanJsonReader.ReadAsync(Path.Combine(folder, "scan.json"), default);
        Assert.AreEqual(GateState.NotEvaluated, read.Gate);
        Assert.IsEmpty(read.NotScanned, "the reason derived from the scanners is not read back as an image not scanned");
        StringAssert.Contains(await File.ReadAllTextAsync(Path.Combine(folder, "scan.md")), "**Gate: NOT EVALUATED** (a scanner with a failOn threshold of its own did not scan; this is not a pass)");

        var (required, _) = await ScanAsync(scanners, options with { RequiredTools = new HashSet<string> { "grype" } });
        Assert.AreEqual(StageOutcome.Failed, required.Stage.Outcome);
    }

    [TestMethod]
    public async Task Thresholds_only_per_scanner_make_a_gate_that_passes_or_fails_and_none_turns_a_scanners_gate_off()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var scanners = new Scanners(grype);

        var (passed, _) = await ScanAsync(scanners, new ScanOptions { Tools = ["builtin", "grype"], ToolFailOn = new Dictionary<string, Severity?> { ["grype"] = Severity.High } });
        var (failed, _) = await ScanAsync(scanners, new ScanOptions { Tools = ["builtin", "grype"], ToolFailOn = new Dictionary<string, Severity?> { ["grype"] = Severity.Medium } });
        var (off, _) = await ScanAsync(scanners, new ScanOptions { Tools = ["grype"], FailOn = Severity.Low, ToolFailOn = new Dictionary<string, Severity?> { ["grype"] = null } });

        Assert.AreEqual(GateState.Passed, passed.Report!.Gate);
        Assert.AreEqual(StageOutcome.Succeeded, passed.Stage.Outcome);
        Assert.AreEqual(GateState.Failed, failed.Report!.Gate);
        Assert.AreEqual(GateState.Off, off.Report!.Gate, "the only scanner's own threshold is none");
    }

    private async Task<(ScanStageResult Result, string Folder)> ScanAsync(Scanners scanners, ScanOptions options)
    {
        var folder = Directory.CreateDirectory(Path.Combine(TestContext.TestRunDirectory!, Guid.NewGuid().ToString("N"))).FullName;
        var sbom = Path.Combine(folder, "sbom.cdx.json");
        await File.WriteAllBytesAsync(sbom, new CycloneDxJsonWriter().ToBytes((await Generator().GenerateAsync(Subject, Debian())).Document));
        using var client = new RegistryClient();
        var stage = new ScanStage(client, Generator(), scanners, new FixedTime(Now));
        return (await stage.RunAsync(sbom, folder, options, default), folder);
    }

    private static Func<ScanRequest, Finding> Libssl(Severity severity) => request => new Finding
    {
        VulnerabilityId = "CVE-2024-0002",
        Package = request.Target.Packages.Single(p => p.Name == "libssl3"),
        Severity = severity,
        SeveritySource = "record",
        FoundBy = ["builtin"],
    };

    /// <summary>The real grype backend on a stand-in program, and a builtin scanner that reports the findings given.</summary>
    private sealed class Scanners(ScannerStandIn grype, params Func<ScanRequest, Finding>[] builtin) : IScannerProvider
    {
        public IVulnerabilityScanner ForTool(string name) => name == "grype" ? new GrypeScanner(new ToolRunner(), grype.OnPath()) : new Builtin(builtin);

        private sealed class Builtin(Func<ScanRequest, Finding>[] findings) : IVulnerabilityScanner
        {
            public string Name => "builtin";

            public Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken)
            {
                var found = findings.Select(f => f(request)).ToList();
                return Task.FromResult(new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Succeeded, FindingCount = found.Count }, found));
            }
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
