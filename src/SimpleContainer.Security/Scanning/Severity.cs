namespace SimpleContainer.Security.Scanning;

/// <summary>
/// A finding's severity, ordered so that thresholds compare with <c>&gt;=</c>. Every source's words are normalised
/// here: GHSA <c>MODERATE</c> is <see cref="Medium"/>, NuGet's 0–3 are Low–Critical, grype's and Debian's
/// <c>Negligible</c> stays its own level below Low, trivy's <c>UNKNOWN</c> is <see cref="Unknown"/>.
/// </summary>
public enum Severity
{
    Unknown = 0,
    Negligible = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Critical = 5,
}

public static class Severities
{
    /// <summary>Parses a severity word from any source (case-insensitive); null when it is not one.</summary>
    public static Severity? TryParse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => Severity.Critical,
        "HIGH" or "IMPORTANT" => Severity.High,
        "MEDIUM" or "MODERATE" => Severity.Medium,
        "LOW" => Severity.Low,
        "NEGLIGIBLE" or "UNIMPORTANT" => Severity.Negligible,
        "UNKNOWN" or "NONE" => Severity.Unknown,
        _ => null,
    };

    /// <summary>NuGet's vulnerability resource: 0 low, 1 moderate, 2 high, 3 critical.</summary>
    public static Severity FromNuGet(int value) => value switch
    {
        0 => Severity.Low,
        1 => Severity.Medium,
        2 => Severity.High,
        3 => Severity.Critical,
        _ => Severity.Unknown,
    };

    /// <summary>The CVSS v3.x qualitative rating of a base score (FIRST CVSS v3.1 specification, table 14).</summary>
    public static Severity FromCvssScore(double score) => score switch
    {
        >= 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        > 0.0 => Severity.Low,
        _ => Severity.Unknown,
    };

    /// <summary>The lowercase word used in reports, options and policy files.</summary>
    public static string ToWord(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        Severity.Negligible => "negligible",
        _ => "unknown",
    };
}
