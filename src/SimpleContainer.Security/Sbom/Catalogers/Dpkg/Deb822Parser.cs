namespace SimpleContainer.Security.Sbom.Catalogers.Dpkg;

/// <summary>One deb822 paragraph (a dpkg stanza): its fields, or why it could not be read, and its first line number.</summary>
internal sealed record Deb822Paragraph(int Line, IReadOnlyDictionary<string, string> Fields, string? Problem, int ProblemLine);

/// <summary>
/// Parses deb822 text (<c>deb822(5)</c>): paragraphs separated by blank lines, <c>Field: value</c> lines, continuation
/// lines starting with a space or tab. Field names are case-insensitive. A malformed paragraph is returned with its problem.
/// </summary>
internal static class Deb822Parser
{
    public static IReadOnlyList<Deb822Paragraph> Parse(IReadOnlyList<string> lines)
    {
        var paragraphs = new List<Deb822Paragraph>();
        Dictionary<string, string>? fields = null;
        string? current = null;
        string? problem = null;
        int start = 0, problemLine = 0;

        void Close()
        {
            if (fields is not null)
            {
                paragraphs.Add(new Deb822Paragraph(start, fields, problem, problemLine));
            }

            (fields, current, problem) = (null, null, null);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                Close();
                continue;
            }

            if (fields is null)
            {
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                start = i + 1;
            }

            if (problem is not null)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (current is null)
                {
                    (problem, problemLine) = ("a continuation line comes before any field", i + 1);
                }
                else
                {
                    fields[current] += "\n" + line[1..];
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(char.IsWhiteSpace))
            {
                (problem, problemLine) = ($"'{Truncate(line)}' is not a 'Field: value' line", i + 1);
                continue;
            }

            current = line[..colon];
            if (!fields.TryAdd(current, line[(colon + 1)..].Trim()))
            {
                (problem, problemLine) = ($"the field '{current}' appears twice", i + 1);
            }
        }

        Close();
        return paragraphs;
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
