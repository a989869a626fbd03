using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Tests.Scanning.DefectDojo;
using SimpleContainer.Security.Scanning.Reports;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Pipeline;

/// <summary>
/// The scan stage on a real SBOM of the Debian fixture, with scanners that answer what a test needs (the builtin,
/// grype and trivy scanners have their own tests): merging across scanners, the gate, the messages and the reports.
/// </summary>
[TestClass]
public sealed class ScanStageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Findings_of_two_scanners_merge_and_each_failing_one_is_an_error()
    {
        var scanners = new ScriptedScanners
        {
            ["builtin"] = request => Found("builtin", Libssl(request, "CVE-2024-0001", Severity.Critical, "GHSA-aaaa-bbbb-cccc"), Libssl(request, "CVE-2024-0002", Severity.Medium)),
            ["grype"] = request => Found("grype", Libssl(request, "GHSA-aaaa-bbbb-cccc", Severity.Critical, "CVE-2024-0001")),
        };

        var (result, folder) = await ScanAsync(scanners, new ScanOptions { Tools = ["builtin", "grype"], FailOn = Severity.High, WarnOn = Severity.Medium });

        Assert.AreEqual(StageOutcome.Failed, result.Stage.Outcome);
        var report = result.Report!;
        Assert.HasCount(2, report.Verdicts, "the critical finding of both scanners is one");
        var critical = report.Verdicts[0];
        CollectionAssert.AreEqual(new[] { "builtin", "grype" }, critical.Finding.FoundBy.ToArray());
        Assert.AreEqual(FindingAction.Fail, critical.Action);
        var error = result.Stage.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual("SCSEC4081", error.Code);
        StringAssert.StartsWith(error.Text, "libssl3 3.0.22-1~deb12u2 has a critical vulnerability, CVE-2024-0001 (also GHSA-aaaa-bbbb-cccc); fixed in 3.0.22-1~deb12u3.");
        Assert.AreEqual("SCSEC4082", result.Stage.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Warning).Code);
        StringAssert.Contains(result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4083").Message, "the failOn=high gate FAILED on 1 finding(s)");
        CollectionAssert.AreEquivalent(new[] { "scan.json", "scan.sarif", "scan.md" }, result.Stage.Artifacts.Select(a => Path.GetFileName(a.Path)).ToArray());
        Assert.IsFalse((await ScanJsonReader.ReadAsync(Path.Combine(folder, "scan.json"), default)).GatePassed);
    }

    [TestMethod]
    public async Task A_scanner_that_cannot_run_warns_and_the_stage_fails_open_unless_it_is_required()
    {
        var scanners = new ScriptedScanners { ["builtin"] = _ => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Missing, Error = "SCSEC4020: no database." }, []) };

        var (open, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High });
        var (required, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High, RequiredTools = new HashSet<string> { "builtin" } });

        Assert.AreEqual(StageOutcome.FailedOpen, open.Stage.Outcome);
        var warning = open.Stage.Diagnostics.Single(d => d.Code == "SCSEC4085");
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "The builtin scanner did not scan");
        StringAssert.Contains(warning.Message, "SCSEC4020: no database.");
        StringAssert.Contains(open.Stage.Diagnostics.Single(d => d.Code == "SCSEC4083").Message, "no scanner (see the warnings above)");
        Assert.AreEqual(StageOutcome.Failed, required.Stage.Outcome);
        Assert.AreEqual(DiagnosticSeverity.Error, required.Stage.Diagnostics.Single(d => d.Code == "SCSEC4085").Severity);
    }

    [TestMethod]
    public async Task Packages_of_an_image_without_os_release_are_named_in_a_warning_and_an_error_when_the_scan_is_required()
    {
        var image = Layers(SimpleContainer.Security.TestSupport.Fixtures.FixtureImages.DebianLayer(), new SimpleContainer.Security.TestSupport.Fixtures.LayerBuilder().Whiteout("etc/os-release").Build());
        var builtin = new SimpleContainer.Security.Scanning.Matching.BuiltinScanner(new SimpleContainer.Security.Tests.Scanning.Matching.InMemoryAdvisoryIndex(SimpleContainer.Security.Tests.Scanning.Matching.Advisories.DebianOpenssl));
        var scanners = new ScriptedScanners { ["builtin"] = request => builtin.ScanAsync(request, default).GetAwaiter().GetResult() };

        var (open, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High }, image);
        var (required, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High, Required = true }, image);

        var warning = open.Stage.Diagnostics.Single(d => d.Code == "SCSEC4010");
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "libssl3@3.0.");
        StringAssert.Contains(warning.Message, "no distro is known");
        Assert.AreEqual(StageOutcome.Failed, required.Stage.Outcome);
        Assert.AreEqual(DiagnosticSeverity.Error, required.Stage.Diagnostics.Single(d => d.Code == "SCSEC4010").Severity);
    }

    [TestMethod]
    public async Task A_stale_database_warns_with_its_age()
    {
        var scanners = new ScriptedScanners { ["builtin"] = _ => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Succeeded, Database = "/cache/vulnerabilities.db", DatabaseUpdated = Now.AddDays(-9) }, []) };

        var (result, _) = await ScanAsync(scanners, new ScanOptions());

        Assert.AreEqual(StageOutcome.Succeeded, result.Stage.Outcome);
        var stale = result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4037");
        Assert.AreEqual(DiagnosticSeverity.Warning, stale.Severity);
        StringAssert.Contains(stale.Message, "/cache/vulnerabilities.db is older than the allowed 7 d 0 h (last update: 9 d 0 h ago)");
    }

    [TestMethod]
    public async Task An_unreadable_ignore_file_is_a_warning_when_the_scan_is_not_required_and_an_error_when_it_is()
    {
        var scanners = new ScriptedScanners { ["builtin"] = request => Found("builtin") };
        var ignore = Path.Combine(TestContext.TestRunDirectory!, $"{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(ignore, "ignore:\n  - package: x\n");

        var (open, _) = await ScanAsync(scanners, new ScanOptions { IgnoreFile = ignore });
        var (required, _) = await ScanAsync(scanners, new ScanOptions { IgnoreFile = ignore, Required = true });

        Assert.AreEqual(StageOutcome.FailedOpen, open.Stage.Outcome);
        StringAssert.Contains(open.Stage.Diagnostics.Single().Message, "SCSEC4084: The vulnerability scan of");
        Assert.IsNull(open.Report);
        Assert.AreEqual(StageOutcome.Failed, required.Stage.Outcome);
        Assert.AreEqual("SCSEC4086", required.Stage.Diagnostics.Single().Code);
    }

    [TestMethod]
    public async Task The_sarif_is_uploaded_to_defectdojo_and_a_failed_upload_only_warns()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        var scanners = new ScriptedScanners { ["builtin"] = request => Found("builtin", Libssl(request, "CVE-2024-0002", Severity.Medium)) };
        var upload = new DefectDojoUploadOptions { BaseUri = dojo.BaseUri, ApiKey = FakeDefectDojo.ApiKey, ProductName = "shop", EngagementName = "ci", RetryDelay = TimeSpan.Zero };

        var (uploaded, folder) = await ScanAsync(scanners, new ScanOptions { DefectDojo = upload });
        dojo.FailNextUploads(400);
        var (refused, _) = await ScanAsync(scanners, new ScanOptions { DefectDojo = upload });

        StringAssert.Contains(uploaded.Stage.Diagnostics.Single(d => d.Code == "SCSEC4092").Message, "imported into new test");
        var import = dojo.Requests.First(r => r.Path == "/api/v2/import-scan/");
        Assert.AreEqual("SimpleContainer scan " + Subject.Name, import.Fields.Single(f => f.Key == "test_title").Value, "one test per image repository");
        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.sarif")), import.File);
        Assert.AreEqual(StageOutcome.Succeeded, refused.Stage.Outcome, "reporting never fails the build");
        var warning = refused.Stage.Diagnostics.Single(d => d.Code == "SCSEC4093");
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        Assert.IsFalse(warning.Message.Contains(FakeDefectDojo.ApiKey, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_gate_no_scanner_produced_a_result_for_is_not_evaluated_in_the_log_scan_md_scan_json_and_sarif()
    {
        var scanners = new ScriptedScanners { ["builtin"] = _ => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Missing, Error = "SCSEC4101: never updated." }, []) };

        var (result, folder) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High });

        Assert.AreEqual(StageOutcome.FailedOpen, result.Stage.Outcome);
        Assert.AreEqual(GateState.NotEvaluated, result.Report!.Gate);
        Assert.IsFalse(result.Report.GatePassed);
        var warning = result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4100");
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "builtin: SCSEC4101: never updated.");
        StringAssert.Contains(warning.Message, "the failOn=high gate was not evaluated, which is not a pass");
        var summary = result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4083").Message;
        StringAssert.Contains(summary, "the failOn=high gate was NOT EVALUATED (1 image(s) not scanned)");
        Assert.IsFalse(summary.Contains("passed", StringComparison.Ordinal), summary);

        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "scan.md"));
        StringAssert.Contains(markdown, "**Gate: NOT EVALUATED**");
        Assert.IsFalse(markdown.Contains("Gate: passed", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.json")));
        Assert.AreEqual("not-evaluated", json.RootElement.GetProperty("gate").GetString());
        StringAssert.Contains(json.RootElement.GetProperty("gateReasons")[0].GetString(), "builtin: SCSEC4101: never updated.");
        using var sarif = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "scan.sarif")));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var invocation = run.GetProperty("invocations")[0];
        Assert.IsFalse(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notification = invocation.GetProperty("toolExecutionNotifications")[0];
        Assert.AreEqual("error", notification.GetProperty("level").GetString());
        StringAssert.Contains(notification.GetProperty("message").GetProperty("text").GetString(), "SCSEC4101: never updated.");
        Assert.AreEqual("not-evaluated", run.GetProperty("properties").GetProperty("gate").GetString());
        Assert.IsFalse(run.GetProperty("properties").GetProperty("gatePassed").GetBoolean());
        Assert.AreEqual(GateState.NotEvaluated, (await ScanJsonReader.ReadAsync(Path.Combine(folder, "scan.json"), default)).Gate, "the reasons read back");
    }

    [TestMethod]
    public async Task A_required_scan_that_no_scanner_produced_a_result_for_fails_with_or_without_failOn()
    {
        var scanners = new ScriptedScanners { ["builtin"] = _ => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Missing, Error = "SCSEC4102: no Debian advisories." }, []) };

        var (gated, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High, Required = true, RequiredTools = new HashSet<string> { "builtin" } });
        var (ungated, _) = await ScanAsync(scanners, new ScanOptions { Required = true, RequiredTools = new HashSet<string> { "builtin" } });

        Assert.AreEqual(StageOutcome.Failed, gated.Stage.Outcome);
        Assert.AreEqual(DiagnosticSeverity.Error, gated.Stage.Diagnostics.Single(d => d.Code == "SCSEC4100").Severity);
        Assert.AreEqual(StageOutcome.Failed, ungated.Stage.Outcome);
        Assert.AreEqual(GateState.Off, ungated.Report!.Gate);
        Assert.AreEqual(DiagnosticSeverity.Error, ungated.Stage.Diagnostics.Single(d => d.Code == "SCSEC4100").Severity);
    }

    [TestMethod]
    public async Task A_finding_fails_the_gate_even_when_another_scanner_did_not_scan()
    {
        var scanners = new ScriptedScanners
        {
            ["builtin"] = request => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Missing, Error = "SCSEC4102: no Debian advisories." }, [Libssl(request, "CVE-2024-0001", Severity.Critical)]),
        };

        var (result, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High });

        Assert.AreEqual(StageOutcome.Failed, result.Stage.Outcome);
        Assert.AreEqual(GateState.Failed, result.Report!.Gate);
    }

    [TestMethod]
    public async Task A_scan_that_was_not_evaluated_is_not_uploaded_to_defectdojo()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        var scanners = new ScriptedScanners { ["builtin"] = _ => new ScannerResult(new ScannerRun { Name = "builtin", Outcome = ScannerOutcome.Missing, Error = "SCSEC4020: no database." }, []) };
        var upload = new DefectDojoUploadOptions { BaseUri = dojo.BaseUri, ApiKey = FakeDefectDojo.ApiKey, ProductName = "shop", EngagementName = "ci", RetryDelay = TimeSpan.Zero };

        var (result, _) = await ScanAsync(scanners, new ScanOptions { FailOn = Severity.High, DefectDojo = upload });

        Assert.IsEmpty(dojo.Requests, "a report without results would close the test's open findings");
        Assert.AreEqual(DiagnosticSeverity.Warning, result.Stage.Diagnostics.Single(d => d.Code == "SCSEC4103").Severity);
    }

    private Task<(ScanStageResult Result, string Folder)> ScanAsync(ScriptedScanners scanners, ScanOptions options) => ScanAsync(scanners, options, Debian());

    private async Task<(ScanStageResult Result, string Folder)> ScanAsync(ScriptedScanners scanners, ScanOptions options, IReadOnlyList<SimpleContainer.Security.Sbom.Filesystem.ImageLayer> image)
    {
        var folder = Directory.CreateDirectory(Path.Combine(TestContext.TestRunDirectory!, Guid.NewGuid().ToString("N"))).FullName;
        var sbom = Path.Combine(folder, "sbom.cdx.json");
        await File.WriteAllBytesAsync(sbom, new CycloneDxJsonWriter().ToBytes((await Generator().GenerateAsync(Subject, image)).Document));
        using var client = new RegistryClient();
        var stage = new ScanStage(client, Generator(), scanners, new FixedTime(Now));
        return (await stage.RunAsync(sbom, folder, options, default), folder);
    }

    private static ScannerResult Found(string scanner, params Finding[] findings) =>
        new(new ScannerRun { Name = scanner, Outcome = ScannerOutcome.Succeeded, FindingCount = findings.Length }, findings);

    private static Finding Libssl(ScanRequest request, string id, Severity severity, params string[] aliases) => new()
    {
        VulnerabilityId = id,
        Aliases = aliases,
        Package = request.Target.Packages.Single(p => p.Name == "libssl3"),
        FixedVersion = "3.0.22-1~deb12u3",
        Severity = severity,
        SeveritySource = "record",
    };

    private sealed class ScriptedScanners : Dictionary<string, Func<ScanRequest, ScannerResult>>, IScannerProvider
    {
        public IVulnerabilityScanner ForTool(string name) => new Scripted(name, this[name]);

        private sealed class Scripted(string name, Func<ScanRequest, ScannerResult> answer) : IVulnerabilityScanner
        {
            public string Name => name;

            public Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken)
            {
                var result = answer(request);
                return Task.FromResult(result with { Findings = result.Findings.Select(f => f with { FoundBy = [name] }).ToList() });
            }
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
