using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The scan's report files in a folder: <c>scan.json</c> (normalised), <c>scan.sarif</c> (SARIF 2.1.0), <c>scan.md</c> (summary).</summary>
public static class ScanReportFiles
{
    public const string JsonKind = "ScanJson";
    public const string SarifKind = "ScanSarif";
    public const string MarkdownKind = "ScanMarkdown";

    public static async Task<IReadOnlyList<SecurityArtifact>> WriteAsync(ScanReport report, string folder, CancellationToken cancellationToken)
    {
        var json = Path.Combine(folder, "scan.json");
        var sarif = Path.Combine(folder, "scan.sarif");
        var markdown = Path.Combine(folder, "scan.md");
        await ScanJsonWriter.WriteAsync(report, json, cancellationToken).ConfigureAwait(false);
        await SarifReportWriter.WriteAsync(report, sarif, cancellationToken).ConfigureAwait(false);
        await MarkdownReportWriter.WriteAsync(report, markdown, cancellationToken).ConfigureAwait(false);
        return [new(json, JsonKind, report.Digest), new(sarif, SarifKind, report.Digest), new(markdown, MarkdownKind, report.Digest)];
    }
}
