using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Matching;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

[TestClass]
public sealed class BuiltinScannerTests
{
    public TestContext TestContext { get; set; } = null!;

    private static ScanPackage Deb(string name, string version, string? source = null, string? sourceVersion = null, string? distro = "debian-12") =>
        new() { Ecosystem = PackageEcosystem.Deb, Name = name, Version = version, SourceName = source, SourceVersion = sourceVersion, Distro = distro };

    private static ScanPackage NuGet(string name, string version) => new() { Ecosystem = PackageEcosystem.NuGet, Name = name, Version = version };

    private async Task<ScannerResult> ScanAsync(IEnumerable<ScanPackage> packages, ScanDistro? distro, params OsvRecord[] records)
    {
        var scanner = new BuiltinScanner(new InMemoryAdvisoryIndex(records), "test.db");
        Assert.AreEqual("builtin", scanner.Name);
        var target = new ScanTarget { Name = "localhost:5000/app@sha256:abc", Packages = [.. packages], Distro = distro, Platform = "linux/amd64" };
        return await scanner.ScanAsync(new ScanRequest { Target = target }, TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task Debian_binary_packages_match_by_source_package_and_source_version()
    {
        var result = await ScanAsync(
            [Deb("libssl3", "3.0.11-1~deb12u1", "openssl"), Deb("openssl", "3.0.11-1~deb12u2", "openssl")],
            new ScanDistro("debian", "12"),
            Advisories.DebianOpenssl);

        var finding = result.Findings.Single();
        Assert.AreEqual("libssl3", finding.Package.Name);
        Assert.AreEqual("CVE-2023-5363", finding.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "CVE-2023-5678", "DSA-5532-1" }, finding.Aliases.ToArray());
        Assert.AreEqual("3.0.11-1~deb12u2", finding.FixedVersion);
        Assert.AreEqual("https://www.debian.org/security/2023/dsa-5532", finding.Url);
        Assert.AreEqual("openssl - security update", finding.Title);
        Assert.AreEqual("linux/amd64", finding.Platform);
        CollectionAssert.AreEqual(new[] { "builtin" }, finding.FoundBy.ToArray());
        Assert.AreEqual(ScannerOutcome.Succeeded, result.Run.Outcome);
        Assert.AreEqual(1, result.Run.FindingCount);
    }

    [TestMethod]
    public async Task A_binNMU_binary_is_matched_with_its_source_version()
    {
        // libfoo1 1.2-3+b1 is a binary-only rebuild of source foo 1.2-3, which the record lists as affected.
        var binNmu = await ScanAsync([Deb("libfoo1", "1.2-3+b1", "foo")], null, Advisories.DebianFooListed);
        Assert.AreEqual("CVE-2024-0001", binNmu.Findings.Single().VulnerabilityId);

        var explicitSource = await ScanAsync([Deb("libfoo1", "9.9-1", "foo", sourceVersion: "1.2-2")], null, Advisories.DebianFooListed);
        Assert.AreEqual(1, explicitSource.Findings.Count);

        var newer = await ScanAsync([Deb("libfoo1", "1.2-4+b1", "foo")], null, Advisories.DebianFooListed);
        Assert.AreEqual(0, newer.Findings.Count);
    }

    [TestMethod]
    public async Task A_record_of_another_Debian_release_never_matches()
    {
        var twelve = await ScanAsync([Deb("libssl3", "3.0.11-1~deb12u2", "openssl")], null, Advisories.DebianElevenOpenssl);
        Assert.AreEqual(0, twelve.Findings.Count);

        var eleven = await ScanAsync([Deb("libssl1.1", "1.1.1w-0+deb11u1", "openssl", distro: "debian-11")], null, Advisories.DebianElevenOpenssl);
        Assert.AreEqual("CVE-2023-0464", eleven.Findings.Single().VulnerabilityId);
    }

    [TestMethod]
    public async Task The_image_release_is_used_when_packages_carry_no_distro_and_codenames_are_understood()
    {
        var fromImage = await ScanAsync([Deb("libssl3", "3.0.9-1", "openssl", distro: null)], new ScanDistro("debian", "12"), Advisories.DebianOpenssl);
        Assert.AreEqual(1, fromImage.Findings.Count);

        var codename = await ScanAsync([Deb("libssl3", "3.0.9-1", "openssl", distro: "debian-bookworm")], null, Advisories.DebianOpenssl);
        Assert.AreEqual(1, codename.Findings.Count);

        var unknownRelease = await ScanAsync([Deb("libssl3", "3.0.9-1", "openssl", distro: null)], null, Advisories.DebianOpenssl);
        Assert.AreEqual(0, unknownRelease.Findings.Count);
        Assert.AreEqual(1, unknownRelease.Run.PackagesNotMatched);
    }

    [TestMethod]
    public async Task Os_packages_without_a_distro_or_of_a_distro_not_covered_are_named_with_the_reason()
    {
        var noDistro = await ScanAsync([Deb("libssl3", "3.0.9-1", "openssl", distro: null)], null, Advisories.DebianOpenssl);
        var uncovered = await ScanAsync([Deb("libssl3", "3.0.9-1", "openssl", distro: null)], new ScanDistro("devuan", "5"), Advisories.DebianOpenssl);

        var unknown = noDistro.Run.Unmatched.Single();
        Assert.AreEqual("libssl3@3.0.9-1", unknown.Package);
        StringAssert.Contains(unknown.Reason, "no distro is known");
        StringAssert.Contains(uncovered.Run.Unmatched.Single().Reason, "does not cover deb packages of devuan 5");
    }

    [TestMethod]
    public async Task An_installed_version_that_does_not_parse_is_named_not_counted_as_unaffected()
    {
        var result = await ScanAsync([Deb("libssl3", "~~not a version", "openssl"), Deb("zlib1g", "1:1.2.13.dfsg-1")], null, Advisories.DebianOpenssl);

        Assert.AreEqual(1, result.Run.PackagesNotMatched);
        var unmatched = result.Run.Unmatched.Single();
        Assert.AreEqual("libssl3@~~not a version", unmatched.Package);
        StringAssert.Contains(unmatched.Reason, "is not a dpkg version");
    }

    [TestMethod]
    public async Task Withdrawn_records_never_match_and_are_counted()
    {
        var result = await ScanAsync([Deb("libssl3", "3.0.11-1~deb12u2", "openssl")], null, Advisories.Withdrawn, Advisories.DebianOpenssl);
        Assert.AreEqual(0, result.Findings.Count);
        Assert.AreEqual(1, result.Run.WithdrawnRecordsSkipped);
    }

    [TestMethod]
    public async Task A_GHSA_record_and_a_CVE_only_record_for_one_package_merge_into_one_finding()
    {
        var result = await ScanAsync([NuGet("System.Text.Json", "8.0.4")], null, Advisories.GhsaSystemTextJson, Advisories.CveSystemTextJson);

        var finding = result.Findings.Single();
        Assert.AreEqual("CVE-2024-43485", finding.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "GHSA-hh2w-p6rv-4g7w" }, finding.Aliases.ToArray());
        Assert.AreEqual("8.0.5", finding.FixedVersion, "the lowest fix of the merged records");
        Assert.AreEqual(Severity.High, finding.Severity);
        Assert.AreEqual("record", finding.SeveritySource);
        Assert.AreEqual(7.5, finding.CvssScore);
        Assert.AreEqual("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", finding.CvssVector);
        Assert.AreEqual(1, result.Run.FindingCount);
    }

    [TestMethod]
    public async Task NuGet_versions_use_NuGet_rules_and_the_range_relevant_to_the_version()
    {
        var six = await ScanAsync([NuGet("system.text.json", "6.0.9")], null, Advisories.GhsaSystemTextJson);
        Assert.AreEqual("6.0.10", six.Findings.Single().FixedVersion);

        var fixedOnes = await ScanAsync([NuGet("System.Text.Json", "8.0.5"), NuGet("System.Text.Json", "7.0.0")], null, Advisories.GhsaSystemTextJson);
        Assert.AreEqual(0, fixedOnes.Findings.Count);
    }

    [TestMethod]
    public async Task NuGet_intervals_match_and_report_their_exclusive_upper_bound_as_the_fix()
    {
        var result = await ScanAsync([NuGet("Newtonsoft.Json", "12.0.3"), NuGet("Newtonsoft.Json", "13.0.1")], null, Advisories.NuGetIntervalNewtonsoft);
        var finding = result.Findings.Single();
        Assert.AreEqual("12.0.3", finding.Package.Version);
        Assert.AreEqual("13.0.1", finding.FixedVersion);
        Assert.AreEqual("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", finding.Url);
    }

    [TestMethod]
    public async Task Last_affected_matches_up_to_and_including_it_with_no_fix()
    {
        var result = await ScanAsync([NuGet("Some.Package", "2.1.0"), NuGet("Some.Package", "2.1.1")], null, Advisories.LastAffectedOnly);
        var finding = result.Findings.Single();
        Assert.AreEqual("2.1.0", finding.Package.Version);
        Assert.IsNull(finding.FixedVersion);
        Assert.AreEqual(Severity.Medium, finding.Severity);
    }

    [TestMethod]
    public async Task Alpine_packages_match_by_origin_on_their_release_branch()
    {
        ScanPackage Apk(string distro) => new() { Ecosystem = PackageEcosystem.Apk, Name = "libcrypto3", Version = "3.3.2-r0", SourceName = "openssl", Distro = distro };
        var result = await ScanAsync([Apk("alpine-3.20.3")], null, Advisories.AlpineOpenssl);
        var finding = result.Findings.Single();
        Assert.AreEqual("3.3.2-r1", finding.FixedVersion);
        Assert.AreEqual("https://nvd.nist.gov/vuln/detail/CVE-2024-9143", finding.Url);
        Assert.AreEqual(Severity.Unknown, finding.Severity);
        Assert.AreEqual("unknown", finding.SeveritySource);

        var otherBranch = await ScanAsync([Apk("alpine-3.19.4")], null, Advisories.AlpineOpenssl);
        Assert.AreEqual(0, otherBranch.Findings.Count);
    }

    [TestMethod]
    public async Task Ubuntu_LTS_ecosystems_match_and_a_word_severity_counts_as_the_record_rating()
    {
        var package = Deb("libssl3t64", "3.0.13-0ubuntu3.1", "openssl", distro: "ubuntu-24.04");
        var finding = (await ScanAsync([package], null, Advisories.UbuntuOpenssl)).Findings.Single();
        Assert.AreEqual("CVE-2024-6119", finding.VulnerabilityId);
        Assert.AreEqual(Severity.Medium, finding.Severity, "Ubuntu's 'medium' wins over the CVSS 7.5");
        Assert.AreEqual("record", finding.SeveritySource);
        Assert.AreEqual(7.5, finding.CvssScore);
        Assert.AreEqual("3.0.13-0ubuntu3.4", finding.FixedVersion);
    }

    [TestMethod]
    public async Task Rpm_packages_match_with_epoch_version_release_on_their_major_release()
    {
        ScanPackage Rpm(string version, string distro) => new()
        {
            Ecosystem = PackageEcosystem.Rpm, Name = "openssl-libs", Version = version, Epoch = 1, SourceName = "openssl-3.0.7-24.el9.src.rpm", Distro = distro,
        };
        var result = await ScanAsync([Rpm("3.0.7-24.el9", "almalinux-9.3"), Rpm("3.0.7-25.el9_3", "almalinux-9.3")], null, Advisories.AlmaOpenssl);
        var finding = result.Findings.Single();
        Assert.AreEqual("3.0.7-24.el9", finding.Package.Version);
        Assert.AreEqual("1:3.0.7-25.el9_3", finding.FixedVersion);
        Assert.AreEqual("CVE-2023-5678", finding.VulnerabilityId);

        var rocky = await ScanAsync([Rpm("3.0.7-24.el9", "rocky-9.3")], null, Advisories.AlmaOpenssl);
        Assert.AreEqual(0, rocky.Findings.Count, "an AlmaLinux record is not a Rocky Linux one");
    }

    [TestMethod]
    public async Task Severity_comes_from_the_record_then_a_word_then_CVSS_then_unknown()
    {
        static OsvRecord Record(string id, string type, string score, string? ghsaSeverity = null) => Advisories.Parse($$"""
            {"id": "{{id}}", "severity": [{"type": "{{type}}", "score": "{{score}}"}],
             "database_specific": {{(ghsaSeverity is null ? "null" : $"{{\"severity\": \"{ghsaSeverity}\"}}")}},
             "affected": [{"package": {"ecosystem": "NuGet", "name": "P"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
            """);
        var result = await ScanAsync(
            [NuGet("P", "1.0.0")],
            null,
            Record("GHSA-0001-0001-0001", "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "MODERATE"),
            Record("GHSA-0002-0002-0002", "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"),
            Record("GHSA-0003-0003-0003", "CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            Record("GHSA-0004-0004-0004", "CVSS_V3", "not a vector"));

        var byId = result.Findings.ToDictionary(f => f.VulnerabilityId);
        Assert.AreEqual((Severity.Medium, "record", 9.8), (byId["GHSA-0001-0001-0001"].Severity, byId["GHSA-0001-0001-0001"].SeveritySource, byId["GHSA-0001-0001-0001"].CvssScore));
        Assert.AreEqual((Severity.Medium, "cvss", 6.1), (byId["GHSA-0002-0002-0002"].Severity, byId["GHSA-0002-0002-0002"].SeveritySource, byId["GHSA-0002-0002-0002"].CvssScore));
        Assert.AreEqual((Severity.Unknown, "unknown", (double?)null), (byId["GHSA-0003-0003-0003"].Severity, byId["GHSA-0003-0003-0003"].SeveritySource, byId["GHSA-0003-0003-0003"].CvssScore));
        Assert.AreEqual((Severity.Unknown, "unknown", (double?)null), (byId["GHSA-0004-0004-0004"].Severity, byId["GHSA-0004-0004-0004"].SeveritySource, byId["GHSA-0004-0004-0004"].CvssScore));
    }

    [TestMethod]
    public async Task Packages_of_other_ecosystems_are_counted_not_matched()
    {
        var other = new ScanPackage { Ecosystem = PackageEcosystem.Other, Name = "left-pad", Version = "1.0.0" };
        var index = new InMemoryAdvisoryIndex(Advisories.GhsaSystemTextJson);
        var scanner = new BuiltinScanner(index);
        var target = new ScanTarget { Name = "app", Packages = [other, NuGet("System.Text.Json", "8.0.0")] };
        var result = await scanner.ScanAsync(new ScanRequest { Target = target }, TestContext.CancellationToken);

        Assert.AreEqual(2, result.Run.PackagesScanned);
        Assert.AreEqual(1, result.Run.PackagesNotMatched);
        Assert.AreEqual(1, result.Findings.Count);
        Assert.IsNull(result.Findings[0].Platform);
        CollectionAssert.AreEqual(new[] { "system.text.json" }, index.Lookups.Single().Select(k => k.Name).ToArray());
    }

    [TestMethod]
    public async Task An_unreadable_database_is_a_failed_run_with_a_coded_message_not_an_exception()
    {
        var scanner = new BuiltinScanner(new BrokenAdvisoryIndex(), "/var/cache/sc/vuln.db");
        var target = new ScanTarget { Name = "app", Packages = [NuGet("System.Text.Json", "8.0.0")] };
        var result = await scanner.ScanAsync(new ScanRequest { Target = target }, TestContext.CancellationToken);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
        StringAssert.StartsWith(result.Run.Error, "SCSEC4001: ");
        StringAssert.Contains(result.Run.Error, "/var/cache/sc/vuln.db");
        Assert.AreEqual(0, result.Findings.Count);
    }
}
