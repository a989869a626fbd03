using System.Globalization;
using SimpleContainer.Security.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Scanning.Policy;

/// <summary>One ignore entry: a vulnerability id (or alias), optionally only for one package, until a date, and why.</summary>
public sealed record IgnoreRule(string Id, string? Package = null, DateOnly? Expires = null, string? Reason = null)
{
    /// <summary>True when the rule names one of the finding's ids (case-insensitive) and, if it names a package, that package.</summary>
    public bool Covers(Finding finding) =>
        finding.AllIds.Contains(Id, StringComparer.OrdinalIgnoreCase)
        && (Package is null || string.Equals(Package, finding.Package.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Package, finding.Package.Purl?.ToString(), StringComparison.Ordinal));

    /// <summary>An entry stops ignoring the day after its expiry date.</summary>
    public bool IsExpired(DateOnly today) => Expires is { } expires && today > expires;
}

/// <summary>
/// The ignore file (<c>ScScanIgnoreFile</c>, <c>--ignore-file</c>). Two forms are read:
/// YAML, <c>ignore: [{id, package?, expires?: yyyy-mm-dd, reason?}]</c> (also accepted under grype's key
/// <c>vulnerability</c>), and the line form trivy's <c>.trivyignore</c> uses: one id per line, an optional
/// <c>exp:yyyy-mm-dd</c>, and <c>#</c> comments.
/// </summary>
public static class IgnoreList
{
    public static async Task<IReadOnlyList<IgnoreRule>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.IgnoreFileInvalid, path, ex.Message);
        }

        return Parse(text, path);
    }

    public static IReadOnlyList<IgnoreRule> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstContent = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        return firstContent is not null && firstContent.Contains(':', StringComparison.Ordinal) && !firstContent.Contains(" exp:", StringComparison.Ordinal)
            ? ParseYaml(text, source)
            : ParseLines(text, source);
    }

    private static List<IgnoreRule> ParseLines(string text, string source)
    {
        var rules = new List<IgnoreRule>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            DateOnly? expires = null;
            foreach (var part in parts.Skip(1))
            {
                if (!part.StartsWith("exp:", StringComparison.Ordinal))
                {
                    throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, $"line {number}: '{part}' is neither an id nor exp:yyyy-mm-dd");
                }

                expires = ParseDate(part[4..], source, $"line {number}");
            }

            var comment = raw.Split('#', 2) is [_, var reason] ? reason.Trim() : null;
            rules.Add(new IgnoreRule(parts[0], null, expires, string.IsNullOrEmpty(comment) ? null : comment));
        }

        return rules;
    }

    private static List<IgnoreRule> ParseYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, ex.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, "the document is not a mapping with an 'ignore:' list");
        }

        var list = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "ignore" }).Value;
        if (list is not YamlSequenceNode entries)
        {
            throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, "there is no 'ignore:' list");
        }

        var rules = new List<IgnoreRule>();
        foreach (var entry in entries)
        {
            var where = $"line {entry.Start.Line}";
            if (entry is YamlScalarNode { Value: { Length: > 0 } bareId })
            {
                rules.Add(new IgnoreRule(bareId));
                continue;
            }

            if (entry is not YamlMappingNode fields)
            {
                throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, $"{where}: an entry is neither an id nor a mapping");
            }

            string? Field(string name) => fields.Children.FirstOrDefault(c => c.Key is YamlScalarNode key && key.Value == name).Value is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;
            var known = new HashSet<string>(StringComparer.Ordinal) { "id", "vulnerability", "package", "expires", "reason" };
            if (fields.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => !known.Contains(k.Value ?? string.Empty)) is { } unknown)
            {
                throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, $"{where}: unknown field '{unknown.Value}' (known: id, package, expires, reason)");
            }

            var id = Field("id") ?? Field("vulnerability") ?? throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, $"{where}: an entry has no 'id'");
            var expires = Field("expires") is { } date ? ParseDate(date, source, where) : (DateOnly?)null;
            rules.Add(new IgnoreRule(id, Field("package"), expires, Field("reason")));
        }

        return rules;
    }

    private static DateOnly ParseDate(string text, string source, string where) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ScException(DiagnosticIds.IgnoreFileInvalid, source, $"{where}: '{text}' is not a date in the form yyyy-mm-dd");
}
