using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Tests.Scanning.Policy;

/// <summary>Per-scanner failOn/warnOn: each scanner's threshold judges what it found, and the strictest judges what several found.</summary>
[TestClass]
public sealed class ScanToolThresholdsTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static readonly Finding GrypeHigh = PolicyTestFindings.NuGet("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.1", Severity.High) with { FoundBy = ["grype"] };
    private static readonly Finding BuiltinHigh = PolicyTestFindings.Deb("CVE-2024-2000", "libssl3", "3.0.15-1~deb12u1", Severity.High);
    private static readonly Finding BothHigh = PolicyTestFindings.Deb("CVE-2024-3000", "zlib1g", "1:1.2.13.dfsg-1", Severity.High) with { FoundBy = ["builtin", "grype"] };

    [TestMethod]
    public void A_scanner_with_failOn_critical_does_not_fail_on_its_high_finding_while_the_builtin_scanner_with_failOn_high_does()
    {
        var policy = new ScanPolicy { ToolFailOn = Thresholds("grype=critical;builtin=high") };

        var verdicts = PolicyEvaluator.Evaluate([GrypeHigh, BuiltinHigh], policy, [], Today).Verdicts;

        Assert.AreEqual(FindingAction.Pass, verdicts.Single(v => v.Finding == GrypeHigh).Action);
        var failed = verdicts.Single(v => v.Finding == BuiltinHigh);
        Assert.AreEqual(FindingAction.Fail, failed.Action);
        Assert.AreEqual("at or above failOn=high of builtin", failed.Reason);
    }

    [TestMethod]
    public void A_finding_two_scanners_reported_is_judged_by_the_stricter_threshold()
    {
        var own = PolicyEvaluator.Evaluate([BothHigh], new ScanPolicy { ToolFailOn = Thresholds("grype=critical;builtin=high") }, [], Today).Verdicts.Single();
        var global = PolicyEvaluator.Evaluate([BothHigh], new ScanPolicy { FailOn = Severity.High, ToolFailOn = Thresholds("grype=critical") }, [], Today).Verdicts.Single();
        var lax = PolicyEvaluator.Evaluate([BothHigh], new ScanPolicy { FailOn = Severity.Critical, ToolFailOn = Thresholds("grype=critical") }, [], Today).Verdicts.Single();

        Assert.AreEqual(FindingAction.Fail, own.Action);
        Assert.AreEqual("at or above failOn=high of builtin", own.Reason);
        Assert.AreEqual(FindingAction.Fail, global.Action, "builtin has no threshold of its own, so the global high applies to what it found");
        Assert.AreEqual("at or above failOn=high", global.Reason);
        Assert.AreEqual(FindingAction.Pass, lax.Action);
    }

    [TestMethod]
    public void None_takes_a_scanners_findings_out_of_the_global_threshold_and_warnOn_works_the_same_way()
    {
        var policy = new ScanPolicy { FailOn = Severity.High, WarnOn = Severity.Medium, ToolFailOn = Thresholds("grype=none"), ToolWarnOn = Thresholds("grype=high") };

        var verdicts = PolicyEvaluator.Evaluate([GrypeHigh, BuiltinHigh, BothHigh], policy, [], Today).Verdicts;

        var grype = verdicts.Single(v => v.Finding == GrypeHigh);
        Assert.AreEqual(FindingAction.Warn, grype.Action);
        Assert.AreEqual("at or above warnOn=high of grype", grype.Reason);
        Assert.AreEqual(FindingAction.Fail, verdicts.Single(v => v.Finding == BuiltinHigh).Action);
        Assert.AreEqual(FindingAction.Fail, verdicts.Single(v => v.Finding == BothHigh).Action, "builtin's (global) threshold still judges what it found too");
    }

    [TestMethod]
    public void SoftFail_applies_to_a_scanners_own_threshold()
    {
        var verdict = PolicyEvaluator.Evaluate([BuiltinHigh], new ScanPolicy { SoftFail = true, ToolFailOn = Thresholds("builtin=high") }, [], Today).Verdicts.Single();

        Assert.AreEqual(FindingAction.Warn, verdict.Action);
        Assert.AreEqual("at or above failOn=high of builtin (softFail)", verdict.Reason);
    }

    [TestMethod]
    public void The_text_form_reads_scanners_case_insensitively_and_writes_them_sorted()
    {
        var thresholds = ScanToolThresholds.Parse(" trivy = none ; Grype=Moderate,builtin=high", "ScScanToolFailOn");

        Assert.AreEqual("builtin=high;grype=medium;trivy=none", ScanToolThresholds.Format(thresholds));
        Assert.IsNull(thresholds["trivy"]);
        Assert.IsEmpty(ScanToolThresholds.Parse("  ", "ScScanToolFailOn"));
    }

    [TestMethod]
    [DataRow("grype", "SCSEC1222")]
    [DataRow("=high", "SCSEC1222")]
    [DataRow("grype=high;grype=low", "SCSEC1222")]
    [DataRow("grpye=high", "SCSEC4090")]
    [DataRow("grype=hihg", "SCSEC4089")]
    public void A_malformed_entry_an_unknown_scanner_or_severity_is_a_coded_error(string text, string code)
    {
        var ex = Assert.ThrowsExactly<ScException>(() => ScanToolThresholds.Parse(text, "ScScanToolFailOn"));

        Assert.AreEqual(code, ex.Diagnostic.Code);
    }

    private static IReadOnlyDictionary<string, Severity?> Thresholds(string text) => ScanToolThresholds.Parse(text, "test");
}
