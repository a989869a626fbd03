using System.Globalization;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The scan's messages: one per finding the policy fails or warns on, and the summary.</summary>
public static class ScanDiagnostics
{
    /// <summary>
    /// One diagnostic per vulnerability and package (platforms of a multi-arch image listed together): an error for a
    /// failing finding, a warning at warnOn, and under softFail a warning with the failure's text.
    /// </summary>
    /// <param name="failOnFor">The failOn threshold each finding is judged by (a scanner's own, or the global one).</param>
    public static IEnumerable<ScDiagnostic> Violations(ScanReport report, Func<Finding, Severity?> failOnFor)
    {
        var flagged = report.Verdicts.Where(v => v.Action is FindingAction.Fail or FindingAction.Warn);
        foreach (var group in flagged.GroupBy(v => (v.Finding.VulnerabilityId, v.Finding.Package.Key, v.Action)))
        {
            var verdict = group.First();
            var finding = verdict.Finding;
            var platforms = group.Select(v => v.Finding.Platform).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var package = platforms.Count == 0 ? finding.Package.Name : $"{finding.Package.Name} ({string.Join(", ", platforms)})";
            var aboveFailOn = failOnFor(finding) is { } threshold && finding.Severity >= threshold;
            var key = verdict.Action == FindingAction.Fail || aboveFailOn ? DiagnosticIds.ScanViolation : DiagnosticIds.ScanFindingWarning;
            var severity = verdict.Action == FindingAction.Fail ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            yield return new ScDiagnostic(key, severity, package, finding.Package.Version, finding.Severity.ToWord(), finding.VulnerabilityId, Details(finding), Fix(finding), Link(finding));
        }
    }

    /// <summary>
    /// SCSEC4100 when no scanner produced a result for an image (per platform): an error when the scan is required,
    /// else a warning; null when every image was scanned.
    /// </summary>
    public static ScDiagnostic? NotEvaluated(ScanReport report, bool required)
    {
        if (report.NotScanned.Count == 0)
        {
            return null;
        }

        var gate = report.Gate == GateState.NotEvaluated ? $"; the failOn={report.FailOnWords} gate was not evaluated, which is not a pass" : string.Empty;
        return new ScDiagnostic(DiagnosticIds.ScanNotEvaluated, required ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, report.Subject, string.Join(" ", report.NotScanned.Select(r => r.EndsWith('.') ? r : r + ".")), gate);
    }

    public static ScDiagnostic Summary(ScanReport report, IReadOnlyList<SecurityArtifact> artifacts)
    {
        var scanned = report.Scanners.Where(s => s.Outcome == ScannerOutcome.Succeeded).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var counted = report.Verdicts.Where(v => v.Action is not (FindingAction.Ignored or FindingAction.NotAffected)).ToList();
        var bySeverity = counted.Count == 0
            ? "none"
            : string.Join(", ", counted.GroupBy(v => v.Finding.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToWord()}"));
        var taken = report.Verdicts.Count - counted.Count;
        if (taken > 0)
        {
            bySeverity += $"; {taken} ignored or not affected";
        }

        var failures = report.Verdicts.Count(v => v.Action == FindingAction.Fail);
        var gate = report.Gate switch
        {
            GateState.Failed => $"the failOn={report.FailOnWords} gate FAILED on {failures} finding(s)",
            GateState.NotEvaluated => $"the failOn={report.FailOnWords} gate was NOT EVALUATED ({NotEvaluatedBecause(report)})",
            GateState.Passed => $"the failOn={report.FailOnWords} gate passed",
            _ => "no failOn gate is set",
        };
        var tools = scanned.Count == 0 ? "no scanner (see the warnings above)" : string.Join(", ", scanned);
        return new ScDiagnostic(DiagnosticIds.ScanSummary, DiagnosticSeverity.Message, report.Subject, tools, counted.Count, bySeverity, gate, string.Join(", ", artifacts.Select(a => a.Path)));
    }

    private static string NotEvaluatedBecause(ScanReport report) =>
        string.Join("; ", (report.NotScanned.Count > 0 ? [$"{report.NotScanned.Count} image(s) not scanned"] : Array.Empty<string>())
            .Concat(report.ToolGatesNotEvaluated.Select(t => t.Split(':')[0] + " did not scan")));

    private static string Details(Finding finding)
    {
        var parts = new List<string>();
        if (finding.Aliases.Count > 0)
        {
            parts.Add("also " + string.Join(", ", finding.Aliases));
        }

        if (finding.CvssScore is { } score)
        {
            parts.Add("CVSS " + score.ToString("0.0", CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join("; ", parts)})";
    }

    private static string Fix(Finding finding) => finding.FixedVersion is { Length: > 0 } fixedIn ? $"fixed in {fixedIn}" : "no fix is known yet";

    private static string Link(Finding finding) => finding.Url is { Length: > 0 } url ? $"See {url}." : string.Empty;
}
