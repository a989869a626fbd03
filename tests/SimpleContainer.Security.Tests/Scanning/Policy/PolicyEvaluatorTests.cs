using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Tests.Scanning.Policy;

[TestClass]
public sealed class PolicyEvaluatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static readonly Finding Critical = PolicyTestFindings.NuGet("CVE-2024-1000", "Serilog", "3.1.1", Severity.Critical);
    private static readonly Finding High = PolicyTestFindings.NuGet("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.1", Severity.High, "CVE-2024-21907");
    private static readonly Finding Medium = PolicyTestFindings.Deb("CVE-2024-2000", "libssl3", "3.0.15-1~deb12u1", Severity.Medium);
    private static readonly Finding Low = PolicyTestFindings.NuGet("PEERS-TEST-0001", "Polly.Core", "8.5.2", Severity.Low);
    private static readonly Finding Unknown = PolicyTestFindings.Deb("CVE-2024-3000", "zlib1g", "1:1.2.13.dfsg-1", Severity.Unknown);
    private static readonly Finding[] All = [Critical, High, Medium, Low, Unknown];

    private static Dictionary<string, FindingAction> Actions(PolicyResult result) => result.Verdicts.ToDictionary(v => v.Finding.VulnerabilityId, v => v.Action);

    [TestMethod]
    public void FailOn_fails_at_and_above_its_severity_and_warnOn_warns_below_it()
    {
        var result = PolicyEvaluator.Evaluate(All, new ScanPolicy { FailOn = Severity.High, WarnOn = Severity.Medium }, [], Today);

        var actions = Actions(result);
        Assert.AreEqual(FindingAction.Fail, actions["CVE-2024-1000"]);
        Assert.AreEqual(FindingAction.Fail, actions["GHSA-5crp-9r3c-p9vr"]);
        Assert.AreEqual(FindingAction.Warn, actions["CVE-2024-2000"]);
        Assert.AreEqual(FindingAction.Pass, actions["PEERS-TEST-0001"]);
        Assert.AreEqual(FindingAction.Pass, actions["CVE-2024-3000"], "unknown severity is below every named threshold");
        Assert.IsEmpty(result.Diagnostics);
    }

    [TestMethod]
    public void SoftFail_turns_failures_into_warnings()
    {
        var result = PolicyEvaluator.Evaluate(All, new ScanPolicy { FailOn = Severity.High, SoftFail = true }, [], Today);

        Assert.IsFalse(result.Verdicts.Any(v => v.Action == FindingAction.Fail));
        Assert.AreEqual(2, result.Verdicts.Count(v => v.Action == FindingAction.Warn));
        StringAssert.Contains(result.Verdicts.First(v => v.Action == FindingAction.Warn).Reason, "softFail");
    }

    [TestMethod]
    public void Without_thresholds_everything_passes()
    {
        var result = PolicyEvaluator.Evaluate(All, new ScanPolicy(), [], Today);
        Assert.IsTrue(result.Verdicts.All(v => v.Action == FindingAction.Pass));
    }

    [TestMethod]
    public void An_ignore_entry_takes_a_finding_out_until_it_expires_and_then_warns()
    {
        var policy = new ScanPolicy
        {
            FailOn = Severity.High,
            IgnoreSource = "ignore.yaml",
            Ignore =
            [
                new IgnoreRule("CVE-2024-21907", Reason: "not reachable", Expires: Today),
                new IgnoreRule("CVE-2024-1000", Expires: Today.AddDays(-1)),
            ],
        };

        var result = PolicyEvaluator.Evaluate(All, policy, [], Today);

        var high = result.Verdicts.Single(v => v.Finding == High);
        Assert.AreEqual(FindingAction.Ignored, high.Action, "an alias is enough");
        Assert.AreEqual("ignored until 2026-11-22: not reachable", high.Reason);
        Assert.AreEqual(FindingAction.Fail, Actions(result)["CVE-2024-1000"], "an expired entry stops ignoring");
        var warning = result.Diagnostics.Single();
        Assert.AreEqual(DiagnosticIds.IgnoreEntryExpired, warning.ResourceKey);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "CVE-2024-1000 in ignore.yaml expired on 2026-11-21");
    }

    [TestMethod]
    public void OpenVex_not_affected_and_fixed_take_findings_out_and_the_latest_statement_wins()
    {
        var vex = OpenVexReader.Parse(Encoding.UTF8.GetBytes("""
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "timestamp": "2026-10-01T00:00:00Z",
              "statements": [
                { "vulnerability": {"name": "CVE-2024-2000"}, "products": [{"@id": "pkg:deb/debian/libssl3"}], "status": "not_affected",
                  "justification": "vulnerable_code_not_present" },
                { "vulnerability": {"name": "CVE-2024-1000"}, "products": [{"@id": "pkg:nuget/Serilog@3.1.1"}], "status": "not_affected",
                  "timestamp": "2026-10-02T00:00:00Z" },
                { "vulnerability": {"name": "CVE-2024-1000"}, "products": [{"@id": "pkg:nuget/Serilog@3.1.1"}], "status": "affected",
                  "timestamp": "2026-11-02T00:00:00Z" }
              ]
            }
            """), "team.vex.json");

        var result = PolicyEvaluator.Evaluate(All, new ScanPolicy { FailOn = Severity.Medium, Vex = vex }, [], Today);

        var medium = result.Verdicts.Single(v => v.Finding == Medium);
        Assert.AreEqual(FindingAction.NotAffected, medium.Action);
        Assert.AreEqual("OpenVEX not_affected: vulnerable_code_not_present (team.vex.json)", medium.Reason);
        Assert.AreEqual(FindingAction.Fail, Actions(result)["CVE-2024-1000"], "the later 'affected' statement overrides the earlier 'not_affected'");
    }

    [TestMethod]
    [DataRow("high", Severity.High)]
    [DataRow("MODERATE", Severity.Medium)]
    [DataRow(" critical ", Severity.Critical)]
    [DataRow("negligible", Severity.Negligible)]
    [DataRow("unknown", Severity.Unknown)]
    public void Threshold_words_parse(string text, Severity expected) => Assert.AreEqual(expected, ScanPolicy.ParseThreshold(text, "ScScanFailOn"));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("none")]
    [DataRow("off")]
    public void No_threshold_words_parse_to_null(string? text) => Assert.IsNull(ScanPolicy.ParseThreshold(text, "ScScanFailOn"));

    [TestMethod]
    public void An_unknown_threshold_is_a_coded_configuration_error()
    {
        var ex = Assert.ThrowsExactly<ScException>(() => ScanPolicy.ParseThreshold("severe", "ScScanFailOn"));
        Assert.AreEqual("SCSEC4089", ex.Code);
        StringAssert.Contains(ex.Message, "'severe' is not a severity (ScScanFailOn)");
    }
}
