using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Versions;

namespace SimpleContainer.Security.Tests.Scanning.Versions;

[TestClass]
public sealed class VersionComparerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Dpkg_agrees_with_dpkg_compare_versions_on_10000_generated_pairs()
    {
        var pairs = new VersionPairGenerator(seed: 20240612).DebianPairs(10_000).ToList();
        var comparer = new DpkgVersionComparer();
        foreach (var (left, right) in pairs)
        {
            Assert.IsTrue(comparer.IsValid(left) && comparer.IsValid(right), $"generated an invalid Debian version: {left} / {right}");
        }

        var expected = await VersionOracle.DpkgAsync(pairs, TestContext.CancellationToken);
        var disagreements = pairs.Select((p, i) => (p, Expected: expected[i], Actual: Math.Sign(comparer.Compare(p.Left, p.Right))))
            .Where(r => r.Expected != r.Actual)
            .Select(r => $"{r.p.Left} vs {r.p.Right}: dpkg {r.Expected}, ours {r.Actual}")
            .ToList();
        Assert.AreEqual(0, disagreements.Count, string.Join(Environment.NewLine, disagreements.Take(20)));
        Assert.IsTrue(expected.Count(e => e == 0) > 100, "the pairs should include many equal versions");
    }

    [TestMethod]
    public async Task Rpm_agrees_with_rpm_vercmp_on_3000_generated_pairs()
    {
        var pairs = new VersionPairGenerator(seed: 4181).RpmPairs(3_000).ToList();
        var comparer = new RpmVersionComparer();
        var expected = await VersionOracle.RpmAsync(pairs, TestContext.CancellationToken);
        var disagreements = pairs.Select((p, i) => (p, Expected: expected[i], Actual: Math.Sign(comparer.Compare(p.Left, p.Right))))
            .Where(r => r.Expected != r.Actual)
            .Select(r => $"{r.p.Left} vs {r.p.Right}: rpm {r.Expected}, ours {r.Actual}")
            .ToList();
        Assert.AreEqual(0, disagreements.Count, string.Join(Environment.NewLine, disagreements.Take(20)));
    }

    [TestMethod]
    [DataRow("1.0~rc1", "1.0", -1)]
    [DataRow("1.0~", "1.0", -1)]
    [DataRow("1.0~~", "1.0~", -1)]
    [DataRow("1.0", "1.0+b1", -1)]
    [DataRow("1.0a", "1.0+", -1)]
    [DataRow("1:0.1", "9.9", 1)]
    [DataRow("1.2-3", "1.2-3+b1", -1)]
    [DataRow("3.0.11-1~deb12u2", "3.0.11-1~deb12u2", 0)]
    [DataRow("1.01", "1.1", 0)]
    [DataRow("2.36-9+deb12u4", "2.36-9+deb12u10", -1)]
    public void Dpkg_orders_the_documented_cases(string left, string right, int expected) =>
        Assert.AreEqual(expected, Math.Sign(new DpkgVersionComparer().Compare(left, right)));

    [TestMethod]
    [DataRow("1.0")]
    [DataRow("1:2.3-4")]
    [DataRow("2.36-9+deb12u4")]
    public void Dpkg_accepts_well_formed_versions(string version) => Assert.IsTrue(new DpkgVersionComparer().IsValid(version));

    [TestMethod]
    [DataRow("")]
    [DataRow("a1.0")]
    [DataRow("x:1.0")]
    [DataRow("1.0-")]
    [DataRow("1.0 beta")]
    public void Dpkg_rejects_malformed_versions(string version) => Assert.IsFalse(new DpkgVersionComparer().IsValid(version));

    [TestMethod]
    public void Apk_passes_every_apk_tools_version_test_vector()
    {
        var comparer = new ApkVersionComparer();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Scanning", "Versions", "testdata", "apk-version.data"));
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var raw in lines)
        {
            var line = (raw.Contains('#', StringComparison.Ordinal) ? raw[..raw.IndexOf('#', StringComparison.Ordinal)] : raw).Trim();
            if (line.Length == 0) continue;
            checkedCount++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool ok;
            if (parts.Length == 3)
            {
                var op = parts[1];
                var invert = op.StartsWith('!');
                if (invert) op = op[1..];
                var fuzzy = op.Contains('~', StringComparison.Ordinal);
                var result = Math.Sign(fuzzy ? comparer.CompareFuzzy(parts[0], parts[2]) : comparer.Compare(parts[0], parts[2]));
                ok = (result < 0 && op.Contains('<', StringComparison.Ordinal))
                    || (result > 0 && op.Contains('>', StringComparison.Ordinal))
                    || (result == 0 && (op.Contains('=', StringComparison.Ordinal) || fuzzy));
                if (invert) ok = !ok;
            }
            else
            {
                var version = parts[0];
                var invert = version.StartsWith('!');
                ok = comparer.IsValid(invert ? version[1..] : version) != invert;
            }

            if (!ok) failures.Add(line);
        }

        Assert.IsTrue(checkedCount > 700, $"only {checkedCount} vectors read");
        Assert.AreEqual(0, failures.Count, string.Join(Environment.NewLine, failures));
    }

    [TestMethod]
    [DataRow("1.0.0-alpha", "1.0.0-alpha.1", -1)]
    [DataRow("1.0.0-alpha.1", "1.0.0-alpha.beta", -1)]
    [DataRow("1.0.0-alpha.beta", "1.0.0-beta", -1)]
    [DataRow("1.0.0-beta", "1.0.0-beta.2", -1)]
    [DataRow("1.0.0-beta.2", "1.0.0-beta.11", -1)]
    [DataRow("1.0.0-beta.11", "1.0.0-rc.1", -1)]
    [DataRow("1.0.0-rc.1", "1.0.0", -1)]
    [DataRow("1.0.0+build.5", "1.0.0+build.7", 0)]
    [DataRow("2.1.1", "2.10.0", -1)]
    public void SemVer_follows_the_precedence_examples_of_semver_org(string left, string right, int expected)
    {
        // semver.org 2.0.0 §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0.
        var comparer = new SemVerComparer();
        Assert.AreEqual(expected, Math.Sign(comparer.Compare(left, right)));
        Assert.AreEqual(-expected, Math.Sign(comparer.Compare(right, left)));
    }

    [TestMethod]
    [DataRow("1.0")]
    [DataRow("01.0.0")]
    [DataRow("1.0.0-01")]
    [DataRow("v1.0.0")]
    [DataRow("1.0.0-")]
    public void SemVer_rejects_what_the_grammar_does_not_allow(string version) => Assert.IsFalse(new SemVerComparer().IsValid(version));

    [TestMethod]
    [DataRow("1.0", "1.0.0", 0)]
    [DataRow("1.0.0-beta", "1.0.0", -1)]
    [DataRow("1.0.0-BETA", "1.0.0-beta", 0)]
    [DataRow("1.0.0.1", "1.0.0", 1)]
    [DataRow("13.0.1+sha.abc", "13.0.1", 0)]
    public void NuGet_orders_like_NuGet_Versioning(string left, string right, int expected) =>
        Assert.AreEqual(expected, Math.Sign(new NuGetVersionComparer().Compare(left, right)));

    [TestMethod]
    [DataRow("NuGet", "nuget")]
    [DataRow("Debian:12", "dpkg")]
    [DataRow("Ubuntu:24.04:LTS", "dpkg")]
    [DataRow("Ubuntu:Pro:24.04:LTS", "dpkg")]
    [DataRow("Alpine:v3.20", "apk")]
    [DataRow("AlmaLinux:9", "rpm")]
    [DataRow("Rocky Linux:9", "rpm")]
    [DataRow("Red Hat:enterprise_linux:9::appstream", "rpm")]
    [DataRow("openSUSE:Leap 15.5", "rpm")]
    [DataRow("SUSE:Linux Enterprise Server 15 SP5", "rpm")]
    public void Maps_an_OSV_ecosystem_to_its_ordering(string ecosystem, string scheme) =>
        Assert.AreEqual(scheme, EcosystemVersionComparers.ForEcosystem(ecosystem)?.Scheme);

    [TestMethod]
    public void Has_no_ordering_for_ecosystems_it_does_not_match()
    {
        Assert.IsNull(EcosystemVersionComparers.ForEcosystem("PyPI"));
        Assert.IsNull(EcosystemVersionComparers.ForPackage(PackageEcosystem.Other));
    }
}
