using SimpleContainer.Security.Scanning.Osv;
using SimpleContainer.Security.Scanning.Versions;

namespace SimpleContainer.Security.Tests.Scanning.Osv;

/// <summary>
/// The examples are those of the OSV schema (ossf/osv-schema, docs/schema.md, commit 51b8156b: "affected[].ranges[]",
/// "Evaluation" and "Examples": unfixed, fixed, multiple range, last_affected vs fixed, and the Debian DSA-3029-1 record).
/// </summary>
[TestClass]
public sealed class OsvAffectedEvaluatorTests
{
    private static readonly IVersionComparer SemVer = EcosystemVersionComparers.SemVer;

    private static OsvAffected Ranges(string type, params OsvEvent[] events) => new() { Ranges = [new OsvRange { Type = type, Events = events }] };

    private static OsvEvent Introduced(string v) => new() { Introduced = v };

    private static OsvEvent Fixed(string v) => new() { Fixed = v };

    private static OsvEvent LastAffected(string v) => new() { LastAffected = v };

    private static OsvEvent Limit(string v) => new() { Limit = v };

    [TestMethod]
    [DataRow("0.0.1")]
    [DataRow("1.0.0")]
    [DataRow("999.0.0")]
    public void Unfixed_example_affects_every_version(string version)
    {
        var evaluation = OsvAffectedEvaluator.Evaluate(Ranges("SEMVER", Introduced("0")), version, SemVer);
        Assert.IsTrue(evaluation.IsAffected);
        Assert.IsNull(evaluation.FixedVersion);
    }

    [TestMethod]
    [DataRow("0.0.1", true)]
    [DataRow("1.0.1", true)]
    [DataRow("1.0.2-rc.1", true)]
    [DataRow("1.0.2", false)]
    [DataRow("1.0.3", false)]
    public void Fixed_example_affects_everything_before_the_fix(string version, bool affected)
    {
        var evaluation = OsvAffectedEvaluator.Evaluate(Ranges("SEMVER", Introduced("0"), Fixed("1.0.2")), version, SemVer);
        Assert.AreEqual(affected, evaluation.IsAffected);
        Assert.AreEqual(affected ? "1.0.2" : null, evaluation.FixedVersion);
    }

    [TestMethod]
    [DataRow("0.9.0", false, null)]
    [DataRow("1.0.0", true, "1.0.2")]
    [DataRow("1.0.1", true, "1.0.2")]
    [DataRow("1.0.2", false, null)]
    [DataRow("2.9.9", false, null)]
    [DataRow("3.0.0", true, "3.2.5")]
    [DataRow("3.2.4", true, "3.2.5")]
    [DataRow("3.2.5", false, null)]
    public void Multiple_range_example_affects_both_intervals_only(string version, bool affected, string? fix)
    {
        var entry = Ranges("SEMVER", Introduced("1.0.0"), Fixed("1.0.2"), Introduced("3.0.0"), Fixed("3.2.5"));
        Assert.AreEqual(new OsvEvaluation(affected, fix), OsvAffectedEvaluator.Evaluate(entry, version, SemVer));
    }

    [TestMethod]
    public void Events_are_sorted_by_version_before_evaluation()
    {
        var entry = Ranges("SEMVER", Fixed("3.2.5"), Introduced("3.0.0"), Fixed("1.0.2"), Introduced("1.0.0"));
        Assert.AreEqual(new OsvEvaluation(true, "1.0.2"), OsvAffectedEvaluator.Evaluate(entry, "1.0.1", SemVer));
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(entry, "2.0.0", SemVer).IsAffected);
    }

    [TestMethod]
    [DataRow("2.1.213", true)]
    [DataRow("2.1.214", true)]
    [DataRow("2.1.215", false)]
    public void Last_affected_example_includes_the_last_affected_version_and_knows_no_fix(string version, bool affected)
    {
        var entry = Ranges("ECOSYSTEM", Introduced("0"), LastAffected("2.1.214"));
        Assert.AreEqual(new OsvEvaluation(affected, null), OsvAffectedEvaluator.Evaluate(entry, version, EcosystemVersionComparers.NuGet));
    }

    [TestMethod]
    [DataRow("2.1.213", true)]
    [DataRow("2.1.214", false)]
    public void Fixed_counterpart_of_the_last_affected_example_excludes_the_fixed_version(string version, bool affected) =>
        Assert.AreEqual(affected, OsvAffectedEvaluator.Evaluate(Ranges("SEMVER", Introduced("0"), Fixed("2.1.214")), version, SemVer).IsAffected);

    [TestMethod]
    [DataRow("1.2.1-2.2+wheezy2", true)]
    [DataRow("1.2.1-2.2", true)]
    [DataRow("1.2.1-2.2+wheezy3", false)]
    [DataRow("1.6.2-1", false)]
    public void Debian_example_DSA_3029_1_uses_dpkg_ordering(string version, bool affected)
    {
        var entry = Ranges("ECOSYSTEM", Introduced("0"), Fixed("1.2.1-2.2+wheezy3"));
        var evaluation = OsvAffectedEvaluator.Evaluate(entry, version, EcosystemVersionComparers.Dpkg);
        Assert.AreEqual(affected, evaluation.IsAffected);
    }

    [TestMethod]
    public void Limit_bounds_the_range_and_a_star_is_infinity()
    {
        var limited = Ranges("SEMVER", Introduced("1.0.0"), Limit("2.0.0"));
        Assert.IsTrue(OsvAffectedEvaluator.Evaluate(limited, "1.5.0", SemVer).IsAffected);
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(limited, "2.0.0", SemVer).IsAffected);
        Assert.IsTrue(OsvAffectedEvaluator.Evaluate(Ranges("SEMVER", Introduced("1.0.0"), Limit("*")), "9.0.0", SemVer).IsAffected);
    }

    [TestMethod]
    public void Explicit_versions_match_whatever_the_ranges_say_and_report_the_fix_above()
    {
        var entry = new OsvAffected
        {
            Versions = ["1.0.0", "1.0.1"],
            Ranges = [new OsvRange { Type = "ECOSYSTEM", Events = [Introduced("2.0.0"), Fixed("2.0.5")] }],
        };
        Assert.AreEqual(new OsvEvaluation(true, "2.0.5"), OsvAffectedEvaluator.Evaluate(entry, "1.0.1", EcosystemVersionComparers.NuGet));
        Assert.IsTrue(OsvAffectedEvaluator.Evaluate(entry, "1.0.0.0", EcosystemVersionComparers.NuGet).IsAffected, "NuGet's 1.0.0.0 is 1.0.0");
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(entry, "1.0.2", EcosystemVersionComparers.NuGet).IsAffected);
        Assert.IsTrue(OsvAffectedEvaluator.Evaluate(new OsvAffected { Versions = ["1.0.0"] }, "1.0.0", EcosystemVersionComparers.NuGet).IsAffected);
    }

    [TestMethod]
    public void Any_of_several_ranges_is_enough_and_git_ranges_are_ignored()
    {
        var entry = new OsvAffected
        {
            Ranges =
            [
                new OsvRange { Type = "GIT", Repo = "https://github.com/owner/repo", Events = [Introduced("0")] },
                new OsvRange { Type = "ECOSYSTEM", Events = [Introduced("0"), Fixed("1.1.0")] },
                new OsvRange { Type = "ECOSYSTEM", Events = [Introduced("2.0.0"), Fixed("2.3.0")] },
            ],
        };
        Assert.AreEqual(new OsvEvaluation(true, "2.3.0"), OsvAffectedEvaluator.Evaluate(entry, "2.1.0", EcosystemVersionComparers.NuGet));
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(entry, "1.5.0", EcosystemVersionComparers.NuGet).IsAffected);
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(Ranges("GIT", Introduced("0")), "1.0.0", SemVer).IsAffected);
    }

    [TestMethod]
    [DataRow("[1.0.0, 13.0.1)", "13.0.0", true, "13.0.1")]
    [DataRow("[1.0.0, 13.0.1)", "13.0.1", false, null)]
    [DataRow("[1.0.0, 13.0.1)", "0.9.0", false, null)]
    [DataRow("(1.0.0, 2.0.0]", "1.0.0", false, null)]
    [DataRow("(1.0.0, 2.0.0]", "2.0.0", true, null)]
    [DataRow("(, 4.5.0)", "4.4.9-beta", true, "4.5.0")]
    [DataRow("[3.1.2]", "3.1.2", true, null)]
    [DataRow("1.0.0", "7.0.0", true, null)]
    public void NuGet_intervals_use_VersionRange_and_the_exclusive_upper_bound_as_fix(string interval, string version, bool affected, string? fix)
    {
        var entry = new OsvAffected { Ranges = [new OsvRange { Type = OsvRangeTypes.NuGetInterval, Interval = interval }] };
        Assert.AreEqual(new OsvEvaluation(affected, fix), OsvAffectedEvaluator.Evaluate(entry, version, EcosystemVersionComparers.NuGet));
    }

    [TestMethod]
    public void An_installed_version_the_ordering_cannot_read_is_not_guessed_affected()
    {
        var entry = Ranges("ECOSYSTEM", Introduced("0"), Fixed("2.0.0"));
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(entry, "not-a-version", EcosystemVersionComparers.NuGet).IsAffected);
        var interval = new OsvAffected { Ranges = [new OsvRange { Type = OsvRangeTypes.NuGetInterval, Interval = "(, 2.0.0)" }] };
        Assert.IsFalse(OsvAffectedEvaluator.Evaluate(interval, "not-a-version", EcosystemVersionComparers.NuGet).IsAffected);
    }

    [TestMethod]
    public void A_SEMVER_range_falls_back_to_the_ecosystem_ordering_for_a_version_that_is_not_SemVer()
    {
        // NuGet's four-part 1.0.0.1 is no SemVer version; NuGet ordering still places it inside [0, 1.0.1).
        var evaluation = OsvAffectedEvaluator.Evaluate(Ranges("SEMVER", Introduced("0"), Fixed("1.0.1")), "1.0.0.1", EcosystemVersionComparers.NuGet);
        Assert.AreEqual(new OsvEvaluation(true, "1.0.1"), evaluation);
    }
}
