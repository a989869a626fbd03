using System.Text.Json;
using SimpleContainer.Security.Scanning.Cvss;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Matching;

/// <summary>The severity of an OSV record for one matched <c>affected[]</c> entry, with where it came from.</summary>
public sealed record RecordSeverity(Severity Severity, string Source, double? CvssScore, string? CvssVector)
{
    /// <summary>
    /// The record's own rating first: GHSA's <c>database_specific.severity</c>; else a word in the affected entry's or the
    /// record's <c>severity[]</c> (Ubuntu's <c>{"type": "Ubuntu", "score": "medium"}</c>); else the base score of a
    /// CVSS v3 vector (<c>cvss</c>); else unknown. The v3 score and vector are kept whenever a v3 vector exists.
    /// CVSS v4 vectors are not scored.
    /// </summary>
    public static RecordSeverity Of(OsvRecord record, IEnumerable<OsvAffected> matched)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entries = matched.SelectMany(a => a.Severity ?? []).Concat(record.Severity ?? []).ToList();
        var cvss = entries
            .Where(e => e.Type.StartsWith("CVSS_V3", StringComparison.OrdinalIgnoreCase))
            .Select(e => CvssV3.TryScore(e.Score))
            .FirstOrDefault(score => score is not null);

        var rated = Severities.TryParse(record.DatabaseSpecific?.Severity)
            ?? entries.Where(e => !e.Type.StartsWith("CVSS", StringComparison.OrdinalIgnoreCase)).Select(e => Severities.TryParse(e.Score)).FirstOrDefault(s => s is not null);
        if (rated is { } word) return new RecordSeverity(word, "record", cvss?.BaseScore, cvss?.Vector);
        if (cvss is not null) return new RecordSeverity(cvss.Severity, "cvss", cvss.BaseScore, cvss.Vector);
        return new RecordSeverity(Severity.Unknown, "unknown", null, null);
    }
}
