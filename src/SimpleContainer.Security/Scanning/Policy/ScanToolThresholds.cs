using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning.Policy;

/// <summary>
/// Per-scanner thresholds (<c>scan.tools[].failOn</c>/<c>warnOn</c>, <c>ScScanToolFailOn</c>/<c>ScScanToolWarnOn</c>),
/// written <c>grype=critical;builtin=high</c>: a scanner's own threshold replaces the global one for the findings it
/// reported; <c>none</c> means that scanner's findings alone never reach the threshold. A finding several scanners
/// reported is judged by the strictest (lowest) threshold among them, so adding a scanner never loosens the gate.
/// </summary>
public static class ScanToolThresholds
{
    public const string None = "none";

    /// <summary>The thresholds in <paramref name="text"/>; empty text is none. A malformed entry, an unknown scanner or severity, or a scanner named twice is an error naming <paramref name="setting"/>.</summary>
    public static IReadOnlyDictionary<string, Severity?> Parse(string? text, string setting)
    {
        var thresholds = new SortedDictionary<string, Severity?>(StringComparer.Ordinal);
        foreach (var entry in (text ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ScException(DiagnosticIds.ScanToolThresholdInvalid, entry, setting);
            }

            var tool = ScanTools.Parse(parts[0]).Single();
            if (!thresholds.TryAdd(tool, ScanPolicy.ParseThreshold(parts[1], setting)))
            {
                throw new ScException(DiagnosticIds.ScanToolThresholdInvalid, entry, setting + $" (names {tool} twice)");
            }
        }

        return thresholds;
    }

    /// <summary>The canonical text (<c>builtin=high;grype=critical</c>, sorted by scanner) that <see cref="Parse"/> reads back.</summary>
    public static string Format(IReadOnlyDictionary<string, Severity?> thresholds) =>
        string.Join(";", thresholds.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={Word(t.Value)}"));

    /// <summary>A threshold as a word: the severity, or <c>none</c>.</summary>
    public static string Word(Severity? threshold) => threshold?.ToWord() ?? None;

    /// <summary>
    /// The threshold a finding is judged by, and the scanner whose own threshold it is (null for the global one): each
    /// scanner that reported the finding contributes its own threshold, or the global one when it has none; the lowest wins.
    /// </summary>
    public static (Severity? Threshold, string? Scanner) For(Finding finding, Severity? global, IReadOnlyDictionary<string, Severity?> perTool)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (perTool.Count == 0 || finding.FoundBy.Count == 0)
        {
            return (global, null);
        }

        (Severity? Threshold, string? Scanner) strictest = (null, null);
        foreach (var tool in finding.FoundBy)
        {
            var (threshold, scanner) = perTool.TryGetValue(tool, out var own) ? (own, tool) : (global, (string?)null);
            if (threshold is { } t && (strictest.Threshold is not { } s || t < s || (t == s && strictest.Scanner is not null && scanner is null)))
            {
                strictest = (threshold, scanner);
            }
        }

        return strictest;
    }
}
