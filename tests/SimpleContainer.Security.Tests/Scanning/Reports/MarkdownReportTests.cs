using SimpleContainer.Security.Scanning.Reports;

namespace SimpleContainer.Security.Tests.Scanning.Reports;

[TestClass]
public sealed class MarkdownReportTests
{
    [TestMethod]
    public void The_summary_table_counts_each_severity_by_action_and_the_gate_is_stated()
    {
        var md = MarkdownReportWriter.Render(SampleScanReports.TwoPlatforms());

        StringAssert.Contains(md, "**Gate: FAILED** (1 failing, 1 warning)");
        StringAssert.Contains(md, "| Severity | Found | Fail | Warn | Ignored / not affected |");
        StringAssert.Contains(md, "| critical | 1 | 0 | 0 | 1 |");
        StringAssert.Contains(md, "| high | 1 | 1 | 0 | 0 |");
        StringAssert.Contains(md, "| medium | 2 | 0 | 1 | 1 |");
        StringAssert.Contains(md, "| low | 1 | 0 | 0 | 0 |");
        StringAssert.Contains(md, "| negligible | 0 | 0 | 0 | 0 |");
        StringAssert.Contains(md, "| unknown | 0 | 0 | 0 | 0 |");
        StringAssert.Contains(md, "| **total** | **5** | **1** | **1** | **2** |");
        StringAssert.Contains(md, "Policy: fail on high, warn on medium");
    }

    [TestMethod]
    public void Scanners_and_their_outcomes_are_listed()
    {
        var md = MarkdownReportWriter.Render(SampleScanReports.TwoPlatforms());

        StringAssert.Contains(md, "| builtin | 0.1.0 | succeeded | 4 | /home/u/.sc/vuln.db (2026-11-21) |  |");
        StringAssert.Contains(md, "| grype |  | missing | 0 |  | SCSEC4050: The vulnerability scanner 'grype' was selected but its program was not found (not on PATH). |");
    }

    [TestMethod]
    public void Findings_are_sorted_by_severity_with_links_scores_actions_and_platforms()
    {
        var lines = MarkdownReportWriter.Render(SampleScanReports.TwoPlatforms()).Split('\n');
        var header = Array.IndexOf(lines, "| ID | Package | Installed | Fixed | Severity | Score | Action | Platform |");
        Assert.IsGreaterThan(0, header);

        CollectionAssert.AreEqual(
            new[]
            {
                "| [CVE-2024-5535](https://security-tracker.debian.org/tracker/CVE-2024-5535) | libssl3 | 3.0.11-1~deb12u2 | 3.0.14-1~deb12u1 | critical | 9.1 | ignored: Only used for TLS clients we do not run; expires 2027-01-01 | linux/arm64 |",
                "| [CVE-2024-21907](https://github.com/advisories/GHSA-5crp-9r3c-p9vr) | Newtonsoft.Json | 12.0.3 | 13.0.1 | high | 7.5 | fail | linux/amd64 |",
                "| [CVE-2024-0727](https://security-tracker.debian.org/tracker/CVE-2024-0727) | libssl3 | 3.0.11-1~deb12u2 | 3.0.13-1~deb12u1 | medium | 5.5 | warn | linux/amd64 |",
                "| [CVE-2024-0727](https://security-tracker.debian.org/tracker/CVE-2024-0727) | libssl3 | 3.0.11-1~deb12u2 | 3.0.13-1~deb12u1 | medium | 5.5 | not_affected | linux/arm64 |",
                "| [CVE-2023-5678](https://security-tracker.debian.org/tracker/CVE-2023-5678) | libssl3 | 3.0.11-1~deb12u2 |  | low |  | pass | linux/amd64 |",
            },
            lines[(header + 2)..(header + 7)]);
    }

    [TestMethod]
    public void Pipes_newlines_and_html_in_cells_cannot_break_the_table()
    {
        Assert.AreEqual("a \\| b c &lt;script&gt;", MarkdownReportWriter.Escape("a | b\nc <script>"));
        Assert.AreEqual("x y", MarkdownReportWriter.Escape("x\r\ny"));
        var md = MarkdownReportWriter.Render(SampleScanReports.TwoPlatforms([]));
        StringAssert.Contains(md, "**Gate: passed** (0 failing, 0 warning)");
        StringAssert.Contains(md, "No vulnerabilities found.");
    }

    [TestMethod]
    public async Task All_three_reports_are_written_to_their_files()
    {
        var folder = Directory.CreateTempSubdirectory("sc-reports-").FullName;
        var report = SampleScanReports.TwoPlatforms();

        await ScanJsonWriter.WriteAsync(report, Path.Combine(folder, "scan.json"), CancellationToken.None);
        await SarifReportWriter.WriteAsync(report, Path.Combine(folder, "scan.sarif"), CancellationToken.None);
        await MarkdownReportWriter.WriteAsync(report, Path.Combine(folder, "scan.md"), CancellationToken.None);

        CollectionAssert.AreEqual(ScanJsonWriter.Serialize(report), await File.ReadAllBytesAsync(Path.Combine(folder, "scan.json")));
        CollectionAssert.AreEqual(SarifReportWriter.Serialize(report), await File.ReadAllBytesAsync(Path.Combine(folder, "scan.sarif")));
        Assert.AreEqual(MarkdownReportWriter.Render(report), await File.ReadAllTextAsync(Path.Combine(folder, "scan.md")));
    }
}
