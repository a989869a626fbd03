using System.Globalization;
using System.Text;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Scanning.Reports;

/// <summary>
/// Writes <c>scan.md</c>, the human summary (a CI job summary or a pull-request comment): counts by severity and
/// action, the gate's result, each scanner's outcome, then every finding in <see cref="ScanReportOrder"/>.
/// </summary>
public static class MarkdownReportWriter
{
    public static async Task WriteAsync(ScanReport report, string path, CancellationToken cancellationToken) =>
        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(Render(report)), cancellationToken).ConfigureAwait(false);

    public static string Render(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verdicts = ScanReportOrder.Sort(report.Verdicts);
        var md = new StringBuilder();
        md.Append("# Vulnerability scan: ").Append(Escape(report.Subject)).Append("\n\n");
        if (report.Digest is { } digest)
        {
            md.Append("Digest: `").Append(digest).Append("`  \n");
        }

        md.Append("Scanned: ").Append(ScanJsonWriter.Time(report.Created)).Append("  \n");
        md.Append("Policy: fail on ").Append(report.FailOn ?? "nothing").Append(", warn on ").Append(report.WarnOn ?? "nothing")
            .Append(report.SoftFail ? " (soft fail: failures are reported as warnings)" : string.Empty).Append("\n\n");
        var ownThresholds = report.ToolFailOn.Keys.Union(report.ToolWarnOn.Keys).Order(StringComparer.Ordinal).ToList();
        if (ownThresholds.Count > 0)
        {
            md.Append("Scanners' own thresholds (for the findings each reported; the strictest applies to a finding several reported):\n\n");
            foreach (var tool in ownThresholds)
            {
                md.Append("- ").Append(Escape(tool)).Append(": fail on ").Append(report.ToolFailOn.GetValueOrDefault(tool) ?? report.FailOn ?? "nothing")
                    .Append(", warn on ").Append(report.ToolWarnOn.GetValueOrDefault(tool) ?? report.WarnOn ?? "nothing").Append('\n');
            }

            md.Append('\n');
        }

        md.Append(report.Gate switch
            {
                GateState.Failed => "**Gate: FAILED**",
                GateState.NotEvaluated when report.NotScanned.Count == 0 => "**Gate: NOT EVALUATED** (a scanner with a failOn threshold of its own did not scan; this is not a pass)",
                GateState.NotEvaluated => "**Gate: NOT EVALUATED** (no scanner produced a result for every image; this is not a pass)",
                GateState.Off => "**Gate: none** (no failOn threshold)",
                _ => "**Gate: passed**",
            })
            .Append(Invariant($" ({verdicts.Count(v => v.Action == FindingAction.Fail)} failing, {verdicts.Count(v => v.Action == FindingAction.Warn)} warning)")).Append("\n\n");
        if (report.NotScanned.Count > 0)
        {
            md.Append("Not scanned:\n\n");
            foreach (var reason in report.NotScanned)
            {
                md.Append("- ").Append(Escape(reason)).Append('\n');
            }

            md.Append('\n');
        }

        if (report.ToolGatesNotEvaluated.Count > 0)
        {
            md.Append("Not evaluated:\n\n");
            foreach (var reason in report.ToolGatesNotEvaluated)
            {
                md.Append("- ").Append(Escape(reason)).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("| Severity | Found | Fail | Warn | Ignored / not affected |\n|---|---:|---:|---:|---:|\n");
        foreach (var severity in ScanReportOrder.SeveritiesDescending)
        {
            var row = verdicts.Where(v => v.Finding.Severity == severity).ToList();
            md.Append(Invariant($"| {severity.ToWord()} | {row.Count} | {row.Count(v => v.Action == FindingAction.Fail)} | {row.Count(v => v.Action == FindingAction.Warn)} | {row.Count(v => v.Action is FindingAction.Ignored or FindingAction.NotAffected)} |\n"));
        }

        md.Append(Invariant($"| **total** | **{verdicts.Count}** | **{verdicts.Count(v => v.Action == FindingAction.Fail)}** | **{verdicts.Count(v => v.Action == FindingAction.Warn)}** | **{verdicts.Count(v => v.Action is FindingAction.Ignored or FindingAction.NotAffected)}** |\n\n"));

        md.Append("## Scanners\n\n| Scanner | Version | Outcome | Findings | Database | Note |\n|---|---|---|---:|---|---|\n");
        foreach (var run in report.Scanners)
        {
            var database = run.Database is null ? string.Empty : run.Database + (run.DatabaseUpdated is { } updated ? $" ({updated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty);
            md.Append("| ").Append(Escape(run.Name)).Append(" | ").Append(Escape(run.Version ?? string.Empty)).Append(" | ").Append(run.Outcome.ToWord())
                .Append(" | ").Append(run.FindingCount.ToString(CultureInfo.InvariantCulture)).Append(" | ").Append(Escape(database)).Append(" | ").Append(Escape(run.Error ?? string.Empty)).Append(" |\n");
        }

        md.Append("\n## Findings\n\n");
        if (verdicts.Count == 0)
        {
            md.Append(report.NotScanned.Count == 0 ? "No vulnerabilities found.\n" : "No findings, but not every image was scanned (see above): their vulnerabilities are unknown.\n");
            return md.ToString();
        }

        var platforms = verdicts.Any(v => v.Finding.Platform is not null);
        md.Append("| ID | Package | Installed | Fixed | Severity | Score | Action |").Append(platforms ? " Platform |" : string.Empty).Append('\n')
            .Append("|---|---|---|---|---|---:|---|").Append(platforms ? "---|" : string.Empty).Append('\n');
        foreach (var verdict in verdicts)
        {
            var f = verdict.Finding;
            var id = f.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out _) ? $"[{Escape(f.VulnerabilityId)}]({url.Replace(")", "%29", StringComparison.Ordinal)})" : Escape(f.VulnerabilityId);
            var action = verdict.Action.ToWord() + (verdict.Reason is { Length: > 0 } reason ? ": " + reason : string.Empty);
            md.Append("| ").Append(id)
                .Append(" | ").Append(Escape(f.Package.Name))
                .Append(" | ").Append(Escape(f.Package.Version))
                .Append(" | ").Append(Escape(f.FixedVersion ?? string.Empty))
                .Append(" | ").Append(f.Severity.ToWord())
                .Append(" | ").Append(f.CvssScore is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture) : string.Empty)
                .Append(" | ").Append(Escape(action))
                .Append(" |");
            if (platforms)
            {
                md.Append(' ').Append(Escape(f.Platform ?? string.Empty)).Append(" |");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>Makes text safe inside a markdown table cell: pipes escaped, line breaks turned into spaces, HTML angle brackets escaped.</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace('\r', ' ');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
