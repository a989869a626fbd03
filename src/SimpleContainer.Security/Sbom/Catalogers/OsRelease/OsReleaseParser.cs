using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Sbom.Catalogers.OsRelease;

/// <summary>Parses <c>os-release(5)</c>: shell-style <c>KEY=value</c> lines, values optionally quoted, <c>#</c> comments.</summary>
internal static class OsReleaseParser
{
    public static LinuxRelease Parse(ImageFile file, List<ScDiagnostic> diagnostics)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = TextLines.Split(file.Content);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !line[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.OsReleaseMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, i + 1, line));
                continue;
            }

            fields[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        // os-release(5): ID defaults to "linux" when absent.
        var id = fields.GetValueOrDefault("ID") is { Length: > 0 } given ? given.ToLowerInvariant() : "linux";
        return new LinuxRelease
        {
            Id = id,
            VersionId = fields.GetValueOrDefault("VERSION_ID"),
            VersionCodename = fields.GetValueOrDefault("VERSION_CODENAME"),
            Name = fields.GetValueOrDefault("NAME"),
            PrettyName = fields.GetValueOrDefault("PRETTY_NAME"),
            HomeUrl = fields.GetValueOrDefault("HOME_URL"),
            IdLike = (fields.GetValueOrDefault("ID_LIKE") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
        {
            var inner = value[1..^1];
            if (value[0] == '\'')
            {
                return inner;
            }

            var builder = new StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] is '"' or '\\' or '$' or '`')
                {
                    i++;
                }

                builder.Append(inner[i]);
            }

            return builder.ToString();
        }

        return value;
    }
}
