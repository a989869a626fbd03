namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// A file a cataloger asks for: an exact absolute path (<c>/var/lib/dpkg/status</c>) or a glob over absolute paths
/// (<c>/var/lib/dpkg/status.d/*</c>), where <c>*</c> and <c>?</c> stay within one path segment and a <c>**</c> segment
/// matches any number of segments.
/// </summary>
public sealed class FilePattern : IEquatable<FilePattern>
{
    private readonly string[] _segments;

    private FilePattern(string text, bool isGlob)
    {
        Text = text;
        IsGlob = isGlob;
        _segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    public string Text { get; }

    public bool IsGlob { get; }

    /// <summary>The longest leading directory without wildcards (the pattern itself for an exact path).</summary>
    public string LiteralPrefix => IsGlob
        ? ImagePath.Root + string.Join('/', _segments.TakeWhile(s => s.IndexOfAny(['*', '?']) < 0))
        : Text;

    public static FilePattern Exact(string path) =>
        new(ImagePath.Normalize(path) ?? throw new ArgumentException($"'{path}' leaves the image root.", nameof(path)), isGlob: false);

    public static FilePattern Glob(string pattern)
    {
        if (!pattern.StartsWith('/') || pattern.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"The glob '{pattern}' must be an absolute path without '.' or '..' segments.", nameof(pattern));
        }

        return new(ImagePath.Root + string.Join('/', pattern.Split('/', StringSplitOptions.RemoveEmptyEntries)), isGlob: true);
    }

    public bool Matches(string path)
    {
        if (!IsGlob)
        {
            return string.Equals(path, Text, StringComparison.Ordinal);
        }

        return MatchSegments(_segments, path.Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>This pattern with its literal prefix replaced by <paramref name="directory"/> (for prefixes reached through a link).</summary>
    internal FilePattern Rebase(string directory)
    {
        var prefix = LiteralPrefix;
        var rest = Text.Length > prefix.Length ? Text[prefix.Length..] : string.Empty;
        var rebased = directory == ImagePath.Root ? rest : directory + rest;
        return IsGlob ? Glob(rebased.Length == 0 ? ImagePath.Root : rebased) : Exact(rebased);
    }

    public bool Equals(FilePattern? other) => other is not null && other.IsGlob == IsGlob && string.Equals(other.Text, Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as FilePattern);

    public override int GetHashCode() => HashCode.Combine(Text, IsGlob);

    public override string ToString() => Text;

    private static bool MatchSegments(ReadOnlySpan<string> pattern, ReadOnlySpan<string> path)
    {
        if (pattern.IsEmpty)
        {
            return path.IsEmpty;
        }

        if (pattern[0] == "**")
        {
            for (var skip = 0; skip <= path.Length; skip++)
            {
                if (MatchSegments(pattern[1..], path[skip..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !path.IsEmpty && MatchSegment(pattern[0], path[0]) && MatchSegments(pattern[1..], path[1..]);
    }

    private static bool MatchSegment(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty)
        {
            return text.IsEmpty;
        }

        return pattern[0] switch
        {
            '*' => MatchSegment(pattern[1..], text) || (!text.IsEmpty && MatchSegment(pattern, text[1..])),
            '?' => !text.IsEmpty && MatchSegment(pattern[1..], text[1..]),
            _ => !text.IsEmpty && text[0] == pattern[0] && MatchSegment(pattern[1..], text[1..]),
        };
    }
}
