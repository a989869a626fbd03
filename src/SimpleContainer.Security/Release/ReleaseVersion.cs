using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Release;

/// <summary>
/// The release version is both an image tag and a git tag, so it must be valid as both: the OCI tag grammar
/// (<c>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}</c>) already excludes everything git refuses in a tag name except <c>..</c>,
/// a trailing <c>.</c> and <c>.lock</c>.
/// </summary>
public static partial class ReleaseVersion
{
    public static string Validate(string? version)
    {
        if (version is null || !TagPattern().IsMatch(version) || version.Contains("..", StringComparison.Ordinal) || version.EndsWith('.') || version.EndsWith(".lock", StringComparison.Ordinal))
        {
            throw new ScException(DiagnosticIds.ReleaseInvalidVersion, version ?? string.Empty);
        }

        return version;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
