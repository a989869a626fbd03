namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// Debian's version ordering (deb-version(7), dpkg's <c>verrevcmp</c>): <c>[epoch:]upstream[-revision]</c>; epochs
/// compare as numbers, then upstream and revision by alternating non-digit parts (letters sort before non-letters,
/// <c>~</c> before everything, even the end) and digit parts (numerically).
/// </summary>
public sealed class DpkgVersionComparer : IVersionComparer
{
    public string Scheme => "dpkg";

    public bool IsValid(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!TrySplit(version, out _, out var upstream, out var revision)) return false;
        if (upstream.Length == 0 || !char.IsAsciiDigit(upstream[0])) return false;
        foreach (var c in upstream)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '-' or '~' or ':')) return false;
        }

        foreach (var c in revision)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~')) return false;
        }

        return true;
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        Split(x, out var epochX, out var upstreamX, out var revisionX);
        Split(y, out var epochY, out var upstreamY, out var revisionY);
        var byEpoch = CompareDigits(epochX, epochY);
        if (byEpoch != 0) return byEpoch;
        var byUpstream = VerRevCmp(upstreamX, upstreamY);
        return byUpstream != 0 ? byUpstream : VerRevCmp(revisionX, revisionY);
    }

    private static bool TrySplit(string version, out ReadOnlySpan<char> epoch, out ReadOnlySpan<char> upstream, out ReadOnlySpan<char> revision)
    {
        Split(version, out epoch, out upstream, out revision);
        var text = version.AsSpan();
        if (text.Length == 0 || text.ContainsAny(' ', '\t')) return false;
        var colon = text.IndexOf(':');
        if (colon >= 0 && (colon == 0 || !IsAllDigits(epoch) || epoch.Length > 9)) return false;
        var dash = text.LastIndexOf('-');
        return dash < 0 || revision.Length > 0;
    }

    private static void Split(string version, out ReadOnlySpan<char> epoch, out ReadOnlySpan<char> upstream, out ReadOnlySpan<char> revision)
    {
        var text = version.AsSpan().Trim();
        var colon = text.IndexOf(':');
        epoch = colon >= 0 ? text[..colon] : "0";
        var rest = colon >= 0 ? text[(colon + 1)..] : text;
        var dash = rest.LastIndexOf('-');
        upstream = dash >= 0 ? rest[..dash] : rest;
        revision = dash >= 0 ? rest[(dash + 1)..] : [];
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return text.Length > 0;
    }

    /// <summary>Compares two digit strings as unbounded non-negative numbers (non-digits make a string 0).</summary>
    private static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = IsAllDigits(a) ? a.TrimStart('0') : [];
        b = IsAllDigits(b) ? b.TrimStart('0') : [];
        if (a.Length != b.Length) return a.Length < b.Length ? -1 : 1;
        return Math.Sign(a.SequenceCompareTo(b));
    }

    private static int Order(int c) => c switch
    {
        0 => 0,
        '~' => -1,
        _ when char.IsAsciiDigit((char)c) => 0,
        _ when char.IsAsciiLetter((char)c) => c,
        _ => c + 256,
    };

    // A straight port of dpkg's lib/dpkg/version.c verrevcmp(); At() yields 0 past the end like a C string.
    private static int VerRevCmp(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = Order(At(a, i));
                var bc = Order(At(b, j));
                if (ac != bc) return Math.Sign(ac - bc);
                i++;
                j++;
            }

            while (At(a, i) == '0') i++;
            while (At(b, j) == '0') j++;
            while (char.IsAsciiDigit((char)At(a, i)) && char.IsAsciiDigit((char)At(b, j)))
            {
                if (firstDiff == 0) firstDiff = At(a, i) - At(b, j);
                i++;
                j++;
            }

            if (char.IsAsciiDigit((char)At(a, i))) return 1;
            if (char.IsAsciiDigit((char)At(b, j))) return -1;
            if (firstDiff != 0) return Math.Sign(firstDiff);
        }

        return 0;
    }

    private static int At(ReadOnlySpan<char> text, int index) => index < text.Length ? text[index] : 0;
}
