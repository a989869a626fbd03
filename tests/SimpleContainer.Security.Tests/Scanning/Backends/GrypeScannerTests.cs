using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Scanning.Backends;

/// <summary>grype's command lines and its real JSON (testdata/README.md) normalised to findings.</summary>
[TestClass]
public sealed class GrypeScannerTests
{
    private static readonly ScanTarget Target = new() { Name = "localhost:5000/app@sha256:abc", Platform = "linux/arm64", Packages = [] };

    [TestMethod]
    public void Scans_the_sbom_when_there_is_one_else_the_archive_else_the_registry_image_and_never_passes_fail_on()
    {
        var sbom = GrypeScanner.CreateScanRequest("grype", new ScanRequest { Target = Target, SbomPath = "/tmp/sbom.cdx.json", ImageReference = "r@sha256:abc", InsecureRegistry = true })!;
        var archive = GrypeScanner.CreateScanRequest("grype", new ScanRequest { Target = Target, ArchivePath = "/tmp/app.tar", ImageReference = "r@sha256:abc" })!;
        var registry = GrypeScanner.CreateScanRequest("grype", new ScanRequest { Target = Target, ImageReference = "localhost:5000/app@sha256:abc", InsecureRegistry = true })!;

        CollectionAssert.AreEqual(new[] { "sbom:/tmp/sbom.cdx.json", "-o", "json", "-q" }, sbom.Arguments.ToArray());
        Assert.IsFalse(sbom.Environment.ContainsKey("GRYPE_REGISTRY_INSECURE_USE_HTTP"));
        CollectionAssert.AreEqual(new[] { "oci-archive:/tmp/app.tar", "-o", "json", "-q", "--platform", "linux/arm64" }, archive.Arguments.ToArray());
        CollectionAssert.AreEqual(new[] { "registry:localhost:5000/app@sha256:abc", "-o", "json", "-q", "--platform", "linux/arm64" }, registry.Arguments.ToArray());
        Assert.AreEqual("true", registry.Environment["GRYPE_REGISTRY_INSECURE_USE_HTTP"]);
        Assert.AreEqual("false", registry.Environment["GRYPE_CHECK_FOR_APP_UPDATE"]);
        Assert.IsFalse(new[] { sbom, archive, registry }.SelectMany(r => r.Arguments).Any(a => a.Contains("fail-on", StringComparison.Ordinal)));
        Assert.IsNull(GrypeScanner.CreateScanRequest("grype", new ScanRequest { Target = Target }));
    }

    [TestMethod]
    public async Task A_recorded_ghsa_report_prefers_the_cve_keeps_the_ghsa_as_alias_and_reads_fix_cvss_and_database()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var result = await new GrypeScanner(new ToolRunner(), grype.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/sbom.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Succeeded, result.Run.Outcome, result.Run.Error);
        Assert.AreEqual("0.92.2", result.Run.Version);
        Assert.AreEqual("grype db 5", result.Run.Database);
        Assert.AreEqual(new DateTimeOffset(2023, 8, 31, 1, 24, 19, TimeSpan.Zero), result.Run.DatabaseUpdated);
        Assert.AreEqual(2, result.Run.FindingCount);
        Assert.HasCount(2, result.Findings);

        var ghsa = result.Findings[0];
        Assert.AreEqual("CVE-2014-3577", ghsa.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "GHSA-cfh5-3ghh-wfjx" }, ghsa.Aliases.ToArray());
        Assert.AreEqual(Severity.Medium, ghsa.Severity);
        Assert.AreEqual("tool", ghsa.SeveritySource);
        Assert.AreEqual("4.3.5", ghsa.FixedVersion);
        Assert.AreEqual(5.8, ghsa.CvssScore);
        Assert.AreEqual("AV:N/AC:M/Au:N/C:P/I:P/A:N", ghsa.CvssVector);
        Assert.AreEqual("https://github.com/advisories/GHSA-cfh5-3ghh-wfjx", ghsa.Url);
        Assert.AreEqual("Moderate severity vulnerability that affects org.apache.httpcomponents:httpclient", ghsa.Title);
        Assert.AreEqual("httpclient", ghsa.Package.Name);
        Assert.AreEqual("4.1.1", ghsa.Package.Version);
        Assert.AreEqual(PackageEcosystem.Other, ghsa.Package.Ecosystem);
        Assert.AreEqual("pkg:maven/org.apache.httpcomponents/httpclient@4.1.1", ghsa.Package.Purl?.ToString());
        Assert.AreEqual("/TwilioNotifier.hpi", ghsa.Package.Location);
        CollectionAssert.AreEqual(new[] { "grype" }, ghsa.FoundBy.ToArray());
        Assert.AreEqual("linux/arm64", ghsa.Platform);

        var cve = result.Findings[1];
        Assert.AreEqual("CVE-2014-3577", cve.VulnerabilityId);
        Assert.IsNull(cve.FixedVersion, "fix.state 'unknown' names no fixing version");
    }

    [TestMethod]
    public async Task The_json_presenter_snapshot_maps_package_types_epochs_and_only_fixed_states_to_a_fix()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-TestJsonImgsPresenter.golden.json");
        var result = await new GrypeScanner(new ToolRunner(), grype.OnPath()).ScanAsync(new ScanRequest { Target = Target with { Platform = null }, ImageReference = "r@sha256:abc" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Succeeded, result.Run.Outcome, result.Run.Error);
        var rpm = result.Findings.Single(f => f.VulnerabilityId == "CVE-1999-0001");
        Assert.AreEqual(Severity.Low, rpm.Severity);
        Assert.AreEqual("1.2.1", rpm.FixedVersion, "the first of fix.versions when the state is 'fixed'");
        Assert.AreEqual(8.2, rpm.CvssScore);
        Assert.AreEqual("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:H", rpm.CvssVector);
        Assert.AreEqual(PackageEcosystem.Rpm, rpm.Package.Ecosystem);
        Assert.IsNull(rpm.Package.Purl);
        Assert.AreEqual(2L, rpm.Package.Epoch);
        Assert.IsNull(rpm.Url, "an empty dataSource and no urls give no url");
        Assert.IsNull(rpm.Platform);

        var deb = result.Findings.Single(f => f.VulnerabilityId == "CVE-1999-0002");
        Assert.AreEqual(Severity.Critical, deb.Severity);
        Assert.IsNull(deb.FixedVersion);
        Assert.AreEqual(PackageEcosystem.Deb, deb.Package.Ecosystem);
        Assert.AreEqual("pkg:deb/package-2@2.2.2", deb.Package.Purl?.ToString());
        Assert.IsNull(result.Run.Database, "the snapshot's descriptor has no db");
    }

    [TestMethod]
    public async Task A_failing_grype_is_a_failed_run_with_its_error_line_and_no_findings()
    {
        using var grype = ScannerStandIn.Running("grype", """
            echo "1 error occurred:" >&2
            echo "	* failed to load vulnerability db: vulnerability database is invalid (run db update to correct): database does not exist" >&2
            exit 1
            """);
        var result = await new GrypeScanner(new ToolRunner(), grype.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/sbom.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
        Assert.IsEmpty(result.Findings);
        Assert.AreEqual(0, result.Run.FindingCount);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4051: 'grype sbom:/tmp/sbom.json -o json -q' failed with exit code 1");
        StringAssert.Contains(result.Run.Error, "database does not exist");
        Assert.AreEqual("0.92.2", result.Run.Version, "the version is still recorded");
    }

    [TestMethod]
    public async Task Output_that_is_not_grype_json_is_a_failed_run()
    {
        using var garbage = ScannerStandIn.Running("grype", "echo 'NAME INSTALLED FIXED-IN'");
        using var wrongShape = ScannerStandIn.Running("grype", "echo '{\"bomFormat\":\"CycloneDX\"}'");
        using var silent = ScannerStandIn.Running("grype", "exit 0");

        foreach (var (standIn, problem) in new[] { (garbage, "NAME"), (wrongShape, "'matches'"), (silent, "printed nothing") })
        {
            var result = await new GrypeScanner(new ToolRunner(), standIn.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);
            Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
            StringAssert.StartsWith(result.Run.Error, "SCSEC4052: ");
            Assert.IsEmpty(result.Findings);
            if (problem != "NAME")
            {
                StringAssert.Contains(result.Run.Error, problem);
            }
        }
    }

    [TestMethod]
    public async Task A_missing_grype_is_a_missing_run_that_says_how_to_install_it_or_point_sc_grype_path_at_it()
    {
        var empty = Directory.CreateTempSubdirectory("sc-empty-path-").FullName;
        var onPath = await new GrypeScanner(new ToolRunner(), n => n == "PATH" ? empty : null).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);
        var badOverride = await new GrypeScanner(new ToolRunner(), n => n == "SC_GRYPE_PATH" ? "/nonexistent/grype" : null).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Missing, onPath.Run.Outcome);
        StringAssert.StartsWith(onPath.Run.Error, "SCSEC4050: ");
        StringAssert.Contains(onPath.Run.Error, "not on PATH");
        StringAssert.Contains(onPath.Run.Error, "SC_GRYPE_PATH");
        StringAssert.Contains(onPath.Run.Error, "https://github.com/anchore/grype#installation");
        Assert.AreEqual(ScannerOutcome.Missing, badOverride.Run.Outcome);
        StringAssert.Contains(badOverride.Run.Error, "SC_GRYPE_PATH=/nonexistent/grype does not exist");
        Assert.IsEmpty(onPath.Findings);
    }

    [TestMethod]
    public async Task SC_GRYPE_PATH_wins_over_PATH_and_the_tool_is_asked_its_version_then_scanned()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var result = await new GrypeScanner(new ToolRunner(), n => n == "SC_GRYPE_PATH" ? grype.ProgramPath : null).ScanAsync(new ScanRequest { Target = Target, ArchivePath = "/tmp/app.tar" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Succeeded, result.Run.Outcome, result.Run.Error);
        var calls = grype.Invocations();
        Assert.HasCount(2, calls);
        CollectionAssert.AreEqual(new[] { "version", "-o", "json" }, calls[0].ToArray());
        CollectionAssert.AreEqual(new[] { "oci-archive:/tmp/app.tar", "-o", "json", "-q", "--platform", "linux/arm64" }, calls[1].ToArray());
    }

    [TestMethod]
    public async Task Concurrent_scans_on_one_instance_each_get_their_own_complete_result()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var scanner = new GrypeScanner(new ToolRunner(), grype.OnPath());
        var platforms = new[] { "linux/amd64", "linux/arm64", "linux/arm/v7", "linux/s390x" };

        var results = await Task.WhenAll(platforms.Select(p => scanner.ScanAsync(new ScanRequest { Target = Target with { Platform = p }, SbomPath = $"/tmp/{p.Replace('/', '-')}.json" }, CancellationToken.None)));

        for (var i = 0; i < platforms.Length; i++)
        {
            Assert.AreEqual(ScannerOutcome.Succeeded, results[i].Run.Outcome, results[i].Run.Error);
            Assert.HasCount(2, results[i].Findings);
            Assert.IsTrue(results[i].Findings.All(f => f.Platform == platforms[i]));
        }
    }

    [TestMethod]
    public async Task Cancellation_stops_the_scan_and_surfaces_as_cancellation()
    {
        using var grype = ScannerStandIn.Running("grype", "exec sleep 30");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => new GrypeScanner(new ToolRunner(), grype.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, cancellation.Token));
    }
}

/// <summary>How external scanners' error output is cut down for a message, and the scan timeout.</summary>
[TestClass]
public sealed class ExternalScannerExecutorTests
{
    [TestMethod]
    public void The_error_excerpt_keeps_the_error_line_of_a_usage_dump_else_the_last_lines()
    {
        Assert.AreEqual("Error: unknown flag: --scanners", ExternalScannerExecutor.Excerpt("Error: unknown flag: --scanners\nUsage:\n  trivy-cdxgen [global flags] command\n\nFlags:\n  -h, --help\n", string.Empty));
        Assert.AreEqual("b c d", ExternalScannerExecutor.Excerpt("a\nb\n\nc\nd\n", string.Empty));
        Assert.AreEqual("only stdout", ExternalScannerExecutor.Excerpt("  \n", "only stdout\n"));
        Assert.AreEqual("it printed no error", ExternalScannerExecutor.Excerpt(string.Empty, string.Empty));
        Assert.HasCount(601, ExternalScannerExecutor.Excerpt(new string('x', 5000), string.Empty));
    }

    [TestMethod]
    public async Task A_scan_past_its_timeout_is_stopped_and_a_failed_run()
    {
        using var grype = ScannerStandIn.Running("grype", "exec sleep 30");
        var result = await new GrypeScanner(new ToolRunner(), grype.OnPath(), TimeSpan.FromMilliseconds(300)).ScanAsync(new ScanRequest { Target = new ScanTarget { Name = "app", Packages = [] }, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4054: 'grype sbom:/tmp/s.json -o json -q' did not finish within 0.3 s");
        Assert.IsEmpty(result.Findings);
    }
}
