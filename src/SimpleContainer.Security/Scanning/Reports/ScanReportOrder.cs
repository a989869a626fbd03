namespace SimpleContainer.Security.Scanning.Reports;

/// <summary>The one order every report lists findings in: severity (highest first), then id, package key and platform.</summary>
public static class ScanReportOrder
{
    public static IReadOnlyList<FindingVerdict> Sort(IEnumerable<FindingVerdict> verdicts) =>
        verdicts
            .OrderByDescending(v => v.Finding.Severity)
            .ThenBy(v => v.Finding.VulnerabilityId, StringComparer.Ordinal)
            .ThenBy(v => v.Finding.Package.Key, StringComparer.Ordinal)
            .ThenBy(v => v.Finding.Platform ?? string.Empty, StringComparer.Ordinal)
            .ToList();

    /// <summary>Severities from the highest down, as report rows list them.</summary>
    public static IReadOnlyList<Severity> SeveritiesDescending { get; } =
        [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Negligible, Severity.Unknown];
}

/// <summary>The words reports use for policy actions and scanner outcomes (lowercase, stable: they are part of the scan.json schema).</summary>
public static class ScanReportWords
{
    public static string ToWord(this FindingAction action) => action switch
    {
        FindingAction.Fail => "fail",
        FindingAction.Warn => "warn",
        FindingAction.Ignored => "ignored",
        FindingAction.NotAffected => "not_affected",
        _ => "pass",
    };

    public static FindingAction? ParseAction(string? word) => word switch
    {
        "fail" => FindingAction.Fail,
        "warn" => FindingAction.Warn,
        "ignored" => FindingAction.Ignored,
        "not_affected" => FindingAction.NotAffected,
        "pass" => FindingAction.Pass,
        _ => null,
    };

    public static string ToWord(this ScannerOutcome outcome) => outcome switch
    {
        ScannerOutcome.Succeeded => "succeeded",
        ScannerOutcome.Missing => "missing",
        _ => "failed",
    };

    public static ScannerOutcome? ParseOutcome(string? word) => word switch
    {
        "succeeded" => ScannerOutcome.Succeeded,
        "missing" => ScannerOutcome.Missing,
        "failed" => ScannerOutcome.Failed,
        _ => null,
    };

    public static string ToWord(this PackageEcosystem ecosystem) => ecosystem.ToString().ToLowerInvariant();
}
