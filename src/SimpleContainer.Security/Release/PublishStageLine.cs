using System.Text.RegularExpressions;

namespace SimpleContainer.Security.Release;

/// <summary>
/// Reads the stage a publish has reached from one line of its console output: the security hook logs
/// <c>SCSEC8027: Stage 'sbom' started for …</c> (a high-importance message, so it shows at minimal verbosity) as each
/// stage begins. Everything before the first such line is the build (compile and the container push).
/// </summary>
public static partial class PublishStageLine
{
    /// <summary>The stage the line announces, or null when the line is anything else (a stage not in the plan included).</summary>
    public static string? StageOf(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return null;
        }

        var match = StageStarted().Match(line);
        return match.Success && ReleasePlan.Stages.Contains(match.Groups["stage"].Value, StringComparer.Ordinal) ? match.Groups["stage"].Value : null;
    }

    // Only a message line: MSBuild writes a warning or error as "file : warning CODE: …", never with the code first.
    [GeneratedRegex(@"^\s*SCSEC8027: Stage '(?<stage>[a-z]+)' started for ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StageStarted();
}
