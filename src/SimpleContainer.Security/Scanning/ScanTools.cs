using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning;

/// <summary>The scanner names and how a list of them is written (<c>builtin,grype</c>, <c>builtin;trivy</c>).</summary>
public static class ScanTools
{
    public const string Builtin = "builtin";
    public const string Grype = "grype";
    public const string Trivy = "trivy";

    /// <summary>Parses a tool list; empty means <c>builtin</c>. Unknown names are a configuration error.</summary>
    public static IReadOnlyList<string> Parse(string? text)
    {
        var names = Split(text);
        if (names.Count == 0)
        {
            return [Builtin];
        }

        foreach (var name in names.Where(n => n is not (Builtin or Grype or Trivy)))
        {
            throw new ScException(DiagnosticIds.UnknownScanTool, name);
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Which of <paramref name="tools"/> must succeed: <c>true</c> means all of them, <c>false</c> or empty none, or a
    /// list of tool names (<c>builtin;grype</c>).
    /// </summary>
    public static IReadOnlySet<string> ParseRequired(string? text, IReadOnlyList<string> tools)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0 || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return tools.ToHashSet(StringComparer.Ordinal);
        }

        return Parse(value).ToHashSet(StringComparer.Ordinal);
    }

    private static List<string> Split(string? text) =>
        (text ?? string.Empty).Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToList();
}
