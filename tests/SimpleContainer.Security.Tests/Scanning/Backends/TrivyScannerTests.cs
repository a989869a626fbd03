using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Scanning.Backends;

/// <summary>trivy's command lines and its real JSON (trivy's integration golden files, testdata/README.md) normalised to findings.</summary>
[TestClass]
public sealed class TrivyScannerTests
{
    private static readonly ScanTarget Target = new() { Name = "app", Packages = [] };

    [TestMethod]
    public void Runs_sbom_or_image_with_json_output_and_the_vuln_scanner_only_and_never_passes_exit_code()
    {
        var sbom = TrivyScanner.CreateScanRequest("trivy", new ScanRequest { Target = Target, SbomPath = "/tmp/sbom.cdx.json", ImageReference = "r@sha256:abc" })!;
        var archive = TrivyScanner.CreateScanRequest("trivy", new ScanRequest { Target = Target with { Platform = "linux/arm64" }, ArchivePath = "/tmp/app.tar", ImageReference = "r@sha256:abc", InsecureRegistry = true })!;
        var registry = TrivyScanner.CreateScanRequest("trivy", new ScanRequest { Target = Target, ImageReference = "localhost:5000/app@sha256:abc", InsecureRegistry = true })!;

        CollectionAssert.AreEqual(new[] { "sbom", "--format", "json", "--quiet", "--scanners", "vuln", "/tmp/sbom.cdx.json" }, sbom.Arguments.ToArray());
        CollectionAssert.AreEqual(new[] { "image", "--format", "json", "--quiet", "--scanners", "vuln", "--platform", "linux/arm64", "--input", "/tmp/app.tar" }, archive.Arguments.ToArray());
        CollectionAssert.AreEqual(new[] { "image", "--format", "json", "--quiet", "--scanners", "vuln", "--insecure", "localhost:5000/app@sha256:abc" }, registry.Arguments.ToArray());
        Assert.IsFalse(new[] { sbom, archive, registry }.SelectMany(r => r.Arguments).Any(a => a.Contains("exit-code", StringComparison.Ordinal)));
        Assert.IsNull(TrivyScanner.CreateScanRequest("trivy", new ScanRequest { Target = Target }));
    }

    [TestMethod]
    public async Task The_debian_golden_maps_severity_cvss_fix_vendor_ids_and_purls_and_records_the_db()
    {
        using var trivy = ScannerStandIn.Printing("trivy", "trivy-debian-buster.json.golden");
        var result = await new TrivyScanner(new ToolRunner(), trivy.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Succeeded, result.Run.Outcome, result.Run.Error);
        Assert.AreEqual("dev", result.Run.Version);
        Assert.AreEqual("trivy-db v2", result.Run.Database);
        Assert.AreEqual("2022-03-02T06:07:07", result.Run.DatabaseUpdated?.UtcDateTime.ToString("s", System.Globalization.CultureInfo.InvariantCulture));
        Assert.HasCount(2, result.Findings);

        var bash = result.Findings.Single(f => f.Package.Name == "bash");
        Assert.AreEqual("CVE-2019-18276", bash.VulnerabilityId);
        Assert.AreEqual(Severity.Low, bash.Severity, "trivy's severity (from Debian) is kept even though NVD scores it 7.8");
        Assert.IsNull(bash.FixedVersion);
        Assert.AreEqual(7.8, bash.CvssScore);
        Assert.AreEqual("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", bash.CvssVector);
        Assert.AreEqual("https://avd.aquasec.com/nvd/cve-2019-18276", bash.Url);
        Assert.AreEqual("bash: when effective UID is not equal to its real UID the saved UID is not dropped", bash.Title);
        Assert.AreEqual("5.0-4", bash.Package.Version);

        var idn = result.Findings.Single(f => f.Package.Name == "libidn2-0");
        Assert.AreEqual("CVE-2019-18224", idn.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "DSA-4613-1" }, idn.Aliases.ToArray());
        Assert.AreEqual(Severity.Critical, idn.Severity);
        Assert.AreEqual("2.0.5-1+deb10u1", idn.FixedVersion);
        Assert.AreEqual(9.8, idn.CvssScore, "the nvd score, not redhat's 5.6: SeveritySource is nvd");
        Assert.AreEqual(PackageEcosystem.Deb, idn.Package.Ecosystem);
        Assert.AreEqual("debian-10.1", idn.Package.Distro);
        Assert.AreEqual("pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.1", idn.Package.Purl?.ToString());
        CollectionAssert.AreEqual(new[] { "trivy" }, idn.FoundBy.ToArray());
    }

    [TestMethod]
    public async Task Language_packages_keep_their_path_and_the_first_of_several_fixed_versions()
    {
        using var trivy = ScannerStandIn.Printing("trivy", "trivy-fluentd-gems.json.golden");
        var result = await new TrivyScanner(new ToolRunner(), trivy.OnPath()).ScanAsync(new ScanRequest { Target = Target, ImageReference = "r@sha256:abc" }, CancellationToken.None);

        var gem = result.Findings.Single(f => f.VulnerabilityId == "CVE-2020-8165");
        Assert.AreEqual("6.0.3.1", gem.FixedVersion);
        Assert.AreEqual("var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec", gem.Package.Location);
        Assert.AreEqual(PackageEcosystem.Other, gem.Package.Ecosystem);
        Assert.AreEqual(Severity.High, gem.Severity);
        Assert.AreEqual(9.8, gem.CvssScore);
        Assert.AreEqual("5.2.4.3", TrivyReportParser.FirstFixedVersion("5.2.4.3"));
        Assert.IsNull(TrivyReportParser.FirstFixedVersion(""));
    }

    [TestMethod]
    public async Task NuGet_results_are_the_nuget_ecosystem_with_the_ghsa_id_and_its_cvss()
    {
        using var trivy = ScannerStandIn.Printing("trivy", "trivy-nuget.json.golden");
        var result = await new TrivyScanner(new ToolRunner(), trivy.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        var finding = result.Findings.Single();
        Assert.AreEqual("GHSA-5crp-9r3c-p9vr", finding.VulnerabilityId);
        Assert.AreEqual(PackageEcosystem.NuGet, finding.Package.Ecosystem);
        Assert.AreEqual("Newtonsoft.Json", finding.Package.Name);
        Assert.AreEqual("12.0.3", finding.Package.Version);
        Assert.AreEqual("13.0.1", finding.FixedVersion);
        Assert.AreEqual(Severity.High, finding.Severity);
        Assert.AreEqual(7.5, finding.CvssScore);
        Assert.AreEqual("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", finding.Url);
    }

    [TestMethod]
    public async Task A_failing_trivy_is_a_failed_run_naming_the_command_and_its_fatal_line()
    {
        using var trivy = ScannerStandIn.Running("trivy", """
            echo "2024-03-21T13:26:45.617Z	INFO	Need to update DB" >&2
            echo "2024-03-21T13:26:45.618Z	FATAL	Fatal error	init error: DB error: failed to download vulnerability DB: database download error: OCI repository error: 1 error occurred:" >&2
            exit 1
            """);
        var result = await new TrivyScanner(new ToolRunner(), trivy.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4051: 'trivy sbom --format json --quiet --scanners vuln /tmp/s.json' failed with exit code 1");
        StringAssert.Contains(result.Run.Error, "failed to download vulnerability DB");
        Assert.IsEmpty(result.Findings);
    }

    [TestMethod]
    public async Task A_report_with_null_results_has_no_findings_and_other_json_is_refused()
    {
        using var clean = ScannerStandIn.Running("trivy", "echo '{\"SchemaVersion\":2,\"ArtifactName\":\"app.cdx.json\",\"ArtifactType\":\"cyclonedx\",\"Results\":null}'");
        using var other = ScannerStandIn.Running("trivy", "echo '[1,2]'");

        var ok = await new TrivyScanner(new ToolRunner(), clean.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);
        var bad = await new TrivyScanner(new ToolRunner(), other.OnPath()).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Succeeded, ok.Run.Outcome, ok.Run.Error);
        Assert.IsEmpty(ok.Findings);
        Assert.AreEqual(ScannerOutcome.Failed, bad.Run.Outcome);
        StringAssert.StartsWith(bad.Run.Error, "SCSEC4052: ");
    }

    [TestMethod]
    public async Task A_missing_trivy_names_SC_TRIVY_PATH_and_where_to_get_it()
    {
        var result = await new TrivyScanner(new ToolRunner(), _ => null).ScanAsync(new ScanRequest { Target = Target, SbomPath = "/tmp/s.json" }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Missing, result.Run.Outcome);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4050: The vulnerability scanner 'trivy' was selected but its program was not found (not on PATH).");
        StringAssert.Contains(result.Run.Error, "SC_TRIVY_PATH");
    }
}
