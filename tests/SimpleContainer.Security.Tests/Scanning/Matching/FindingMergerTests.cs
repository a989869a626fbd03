using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Matching;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

[TestClass]
public sealed class FindingMergerTests
{
    private static readonly ScanPackage LibSsl = new() { Ecosystem = PackageEcosystem.Deb, Name = "libssl3", Version = "3.0.11-1~deb12u1", SourceName = "openssl" };

    private static Finding Found(string id, string by, Severity severity, string source = "tool", string? fix = null, string[]? aliases = null, ScanPackage? package = null, string? platform = null) => new()
    {
        VulnerabilityId = id,
        Aliases = aliases ?? [],
        Package = package ?? LibSsl,
        Severity = severity,
        SeveritySource = source,
        FixedVersion = fix,
        FoundBy = [by],
        Platform = platform,
    };

    [TestMethod]
    public void Findings_of_several_scanners_sharing_an_id_become_one()
    {
        var merged = FindingMerger.Merge(
        [
            Found("DSA-5532-1", "builtin", Severity.Unknown, "unknown", "3.0.11-1~deb12u2", ["CVE-2023-5363"]),
            Found("CVE-2023-5363", "trivy", Severity.High, "tool", "3.0.11-1~deb12u10"),
            Found("CVE-2023-5363", "grype", Severity.Medium, "record", "3.0.11-1~deb12u2"),
        ]);

        var finding = merged.Single();
        Assert.AreEqual("CVE-2023-5363", finding.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "DSA-5532-1" }, finding.Aliases.ToArray());
        Assert.AreEqual(Severity.Medium, finding.Severity, "a record's own rating beats a higher tool rating");
        Assert.AreEqual("record", finding.SeveritySource);
        Assert.AreEqual("3.0.11-1~deb12u2", finding.FixedVersion, "deb12u2 < deb12u10 in dpkg order");
        CollectionAssert.AreEqual(new[] { "builtin", "grype", "trivy" }, finding.FoundBy.ToArray());
    }

    [TestMethod]
    public void Overlap_is_transitive_and_GHSA_is_preferred_when_there_is_no_CVE()
    {
        var merged = FindingMerger.Merge(
        [
            Found("OSV-2024-1", "builtin", Severity.Low, aliases: ["GHSA-aaaa-bbbb-cccc"]),
            Found("PYSEC-2024-9", "trivy", Severity.High, aliases: ["GHSA-aaaa-bbbb-cccc", "OSV-2024-2"]),
            Found("OSV-2024-2", "grype", Severity.Critical),
        ]);

        var finding = merged.Single();
        Assert.AreEqual("GHSA-aaaa-bbbb-cccc", finding.VulnerabilityId);
        CollectionAssert.AreEqual(new[] { "OSV-2024-1", "OSV-2024-2", "PYSEC-2024-9" }, finding.Aliases.ToArray());
        Assert.AreEqual(Severity.Critical, finding.Severity, "no record rating: the highest");
    }

    [TestMethod]
    public void Different_packages_versions_platforms_or_disjoint_ids_stay_apart()
    {
        var older = LibSsl with { Version = "3.0.9-1" };
        var merged = FindingMerger.Merge(
        [
            Found("CVE-2023-5363", "builtin", Severity.High),
            Found("CVE-2023-5678", "builtin", Severity.Medium),
            Found("CVE-2023-5363", "builtin", Severity.High, package: older),
            Found("CVE-2023-5363", "builtin", Severity.High, platform: "linux/arm64"),
        ]);

        Assert.AreEqual(4, merged.Count);
    }

    [TestMethod]
    public void The_lowest_fix_is_chosen_in_the_package_ordering_and_missing_fixes_are_ignored()
    {
        var nuget = new ScanPackage { Ecosystem = PackageEcosystem.NuGet, Name = "System.Text.Json", Version = "8.0.0" };
        var merged = FindingMerger.Merge(
        [
            Found("GHSA-hh2w-p6rv-4g7w", "builtin", Severity.High, "record", "8.0.10", ["CVE-2024-43485"], nuget),
            Found("CVE-2024-43485", "grype", Severity.High, "tool", "8.0.5", package: nuget),
            Found("CVE-2024-43485", "trivy", Severity.High, "tool", null, package: nuget),
        ]);

        Assert.AreEqual("8.0.5", merged.Single().FixedVersion, "8.0.5 < 8.0.10 as versions, not as text");
    }
}
