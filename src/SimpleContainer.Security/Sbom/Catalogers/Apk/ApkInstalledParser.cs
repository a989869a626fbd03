namespace SimpleContainer.Security.Sbom.Catalogers.Apk;

/// <summary>One record of the apk installed database: its single-letter fields (first value of each) and where it starts.</summary>
internal sealed record ApkRecord(int Line, IReadOnlyDictionary<char, string> Fields, string? Problem, int ProblemLine);

/// <summary>
/// Parses the apk installed database: <c>K:value</c> lines (one letter, a colon, the value), records separated by blank
/// lines. A letter can repeat (file lists); the first value is kept, which is what the package fields use.
/// </summary>
internal static class ApkInstalledParser
{
    public static IReadOnlyList<ApkRecord> Parse(IReadOnlyList<string> lines)
    {
        var records = new List<ApkRecord>();
        Dictionary<char, string>? fields = null;
        string? problem = null;
        int start = 0, problemLine = 0;
        for (var i = 0; i <= lines.Count; i++)
        {
            var line = i < lines.Count ? lines[i] : string.Empty;
            if (line.Length == 0)
            {
                if (fields is not null)
                {
                    records.Add(new ApkRecord(start, fields, problem, problemLine));
                    (fields, problem) = (null, null);
                }

                continue;
            }

            if (fields is null)
            {
                fields = [];
                start = i + 1;
            }

            if (line.Length < 2 || line[1] != ':' || !char.IsAsciiLetter(line[0]))
            {
                if (problem is null)
                {
                    (problem, problemLine) = ($"'{(line.Length <= 80 ? line : line[..80] + "…")}' is not a 'K:value' line", i + 1);
                }

                continue;
            }

            fields.TryAdd(line[0], line[2..]);
        }

        return records;
    }
}
