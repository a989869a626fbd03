using System.Collections.Frozen;
using System.Globalization;

namespace SimpleContainer.Security.Scanning.Cvss;

/// <summary>A parsed CVSS v3.0/v3.1 vector and its base score (FIRST CVSS v3.1 specification §7; v3.0 §8).</summary>
/// <param name="Version"><c>3.0</c> or <c>3.1</c>.</param>
/// <param name="Vector">The vector as given.</param>
/// <param name="BaseScore">0.0–10.0, rounded up to one decimal as the version prescribes.</param>
public sealed record CvssV3Score(string Version, string Vector, double BaseScore)
{
    /// <summary>The qualitative rating of the base score (None maps to <see cref="Severity.Unknown"/>).</summary>
    public Severity Severity => Severities.FromCvssScore(BaseScore);
}

/// <summary>
/// Parses CVSS v3.x vectors and computes their base score. CVSS v4 vectors are not scored here (their score needs
/// the v4 macro-vector lookup tables); a v4 vector, like any malformed one, gives null.
/// </summary>
public static class CvssV3
{
    private static readonly string[] BaseMetrics = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

    // Temporal and environmental metrics may follow the base ones; they are checked but do not change the base score.
    private static readonly FrozenDictionary<string, string[]> AllowedValues = new Dictionary<string, string[]>
    {
        ["AV"] = ["N", "A", "L", "P"],
        ["AC"] = ["L", "H"],
        ["PR"] = ["N", "L", "H"],
        ["UI"] = ["N", "R"],
        ["S"] = ["U", "C"],
        ["C"] = ["H", "L", "N"],
        ["I"] = ["H", "L", "N"],
        ["A"] = ["H", "L", "N"],
        ["E"] = ["X", "H", "F", "P", "U"],
        ["RL"] = ["X", "U", "W", "T", "O"],
        ["RC"] = ["X", "C", "R", "U"],
        ["CR"] = ["X", "H", "M", "L"],
        ["IR"] = ["X", "H", "M", "L"],
        ["AR"] = ["X", "H", "M", "L"],
        ["MAV"] = ["X", "N", "A", "L", "P"],
        ["MAC"] = ["X", "L", "H"],
        ["MPR"] = ["X", "N", "L", "H"],
        ["MUI"] = ["X", "N", "R"],
        ["MS"] = ["X", "U", "C"],
        ["MC"] = ["X", "H", "L", "N"],
        ["MI"] = ["X", "H", "L", "N"],
        ["MA"] = ["X", "H", "L", "N"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The base score of a <c>CVSS:3.0/…</c> or <c>CVSS:3.1/…</c> vector; null when it is not a valid one.</summary>
    public static CvssV3Score? TryScore(string? vector)
    {
        if (string.IsNullOrWhiteSpace(vector)) return null;
        var parts = vector.Trim().Split('/');
        var version = parts[0] switch
        {
            "CVSS:3.0" => "3.0",
            "CVSS:3.1" => "3.1",
            _ => null,
        };
        if (version is null || parts.Length < 1 + BaseMetrics.Length) return null;

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return null;
            var name = part[..colon];
            var value = part[(colon + 1)..];
            if (!AllowedValues.TryGetValue(name, out var allowed) || !allowed.Contains(value, StringComparer.Ordinal)) return null;
            if (!metrics.TryAdd(name, value)) return null;
        }

        if (BaseMetrics.Any(metric => !metrics.ContainsKey(metric))) return null;
        return new CvssV3Score(version, vector.Trim(), BaseScore(metrics, version));
    }

    private static double BaseScore(Dictionary<string, string> m, string version)
    {
        var scopeChanged = m["S"] == "C";
        var attackVector = m["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };
        var attackComplexity = m["AC"] == "L" ? 0.77 : 0.44;
        var privileges = m["PR"] switch
        {
            "N" => 0.85,
            "L" => scopeChanged ? 0.68 : 0.62,
            _ => scopeChanged ? 0.5 : 0.27,
        };
        var userInteraction = m["UI"] == "N" ? 0.85 : 0.62;

        var iss = 1 - ((1 - Cia(m["C"])) * (1 - Cia(m["I"])) * (1 - Cia(m["A"])));
        var impact = scopeChanged ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * attackVector * attackComplexity * privileges * userInteraction;
        if (impact <= 0) return 0.0;
        var raw = scopeChanged ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return version == "3.1" ? Roundup31(raw) : Roundup30(raw);
    }

    private static double Cia(string value) => value switch { "H" => 0.56, "L" => 0.22, _ => 0.0 };

    /// <summary>CVSS v3.1 Appendix A: round up to one decimal, working in integers to avoid floating-point surprises.</summary>
    private static double Roundup31(double value)
    {
        var integer = (long)Math.Round(value * 100_000, MidpointRounding.AwayFromZero);
        return integer % 10_000 == 0 ? integer / 100_000.0 : (Math.Floor(integer / 10_000.0) + 1) / 10.0;
    }

    /// <summary>CVSS v3.0 §8.1: "the smallest number, specified to one decimal place, that is equal to or higher than its input".</summary>
    private static double Roundup30(double value) => Math.Ceiling(value * 10) / 10;

    /// <summary>The score as reports print it: one decimal, invariant culture.</summary>
    public static string Format(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);
}
