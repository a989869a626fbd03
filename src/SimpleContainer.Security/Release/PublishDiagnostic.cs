using System.Text.RegularExpressions;

namespace SimpleContainer.Security.Release;

/// <summary>An error or warning one publish logged, as the release reports it: <c>warning SCSEC4105: …</c>.</summary>
/// <param name="Code">The diagnostic's code (<c>SCSEC4105</c>, <c>MSB3073</c>, <c>CS0103</c>), or null when it has none.</param>
public sealed partial record PublishDiagnostic(bool IsError, string? Code, string Message)
{
    public override string ToString() => $"{(IsError ? "error" : "warning")}{(string.IsNullOrEmpty(Code) ? string.Empty : " " + Code)}: {Message}";

    /// <summary>
    /// Each SCSEC warning or error, joined by the stage its area belongs to (3 SBOM, 4 scan, 5 sign, 6 attest; SCSEC7012
    /// names the stage that did not run): the reasons the release gives beside each stage's outcome.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StageReasons(IEnumerable<PublishDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.StageOf() is { } stage)
            {
                var text = diagnostic.ToString();
                reasons[stage] = reasons.TryGetValue(stage, out var earlier) ? $"{earlier}; {text}" : text;
            }
        }

        return reasons;
    }

    private string? StageOf()
    {
        if (Code is not { Length: 9 } code || !code.StartsWith("SCSEC", StringComparison.Ordinal))
        {
            return null;
        }

        return code[5] switch
        {
            '3' => "sbom",
            '4' => "scan",
            '5' => "sign",
            '6' => "attest",
            _ => code == "SCSEC7012" && StageNotRun().Match(Message) is { Success: true } named ? named.Groups["stage"].Value : null,
        };
    }

    [GeneratedRegex(@"^The (?<stage>\w+) stage", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StageNotRun();
}
