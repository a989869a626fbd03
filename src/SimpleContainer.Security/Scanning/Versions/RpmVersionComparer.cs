namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// rpm's ordering of <c>[epoch:]version[-release]</c> (rpmio's <c>rpmvercmp</c>, as rpm's own <c>rpm.vercmp</c> applies it to whole EVRs): a missing epoch
/// is 0, a missing release sorts as an empty one (as <c>rpm.vercmp</c> of rpm 4.18 does); within each part, alphanumeric segments compare
/// (numbers numerically and above letters), <c>~</c> sorts before everything and <c>^</c> after the base version.
/// </summary>
public sealed class RpmVersionComparer : IVersionComparer
{
    public string Scheme => "rpm";

    public bool IsValid(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length == 0 || version.AsSpan().ContainsAny(' ', '\t', '\n')) return false;
        Split(version, out _, out var ver, out var release);
        return ver.Length > 0 && (release is null || release.Length > 0);
    }

    /// <summary>Joins an rpm's parts the way the matcher and OSV records spell them: <c>epoch:version-release</c>.</summary>
    public static string Format(long? epoch, string versionRelease) =>
        epoch is > 0 ? $"{epoch}:{versionRelease}" : versionRelease;

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        Split(x, out var epochX, out var versionX, out var releaseX);
        Split(y, out var epochY, out var versionY, out var releaseY);
        var result = RpmVerCmp(epochX ?? "0", epochY ?? "0");
        if (result != 0) return result;
        result = RpmVerCmp(versionX, versionY);
        if (result != 0) return result;
        return RpmVerCmp(releaseX ?? string.Empty, releaseY ?? string.Empty);
    }

    // rpmds.c parseEVR: leading digits then ':' make the epoch; the last '-' splits off the release.
    private static void Split(string evr, out string? epoch, out string version, out string? release)
    {
        var digits = 0;
        while (digits < evr.Length && char.IsAsciiDigit(evr[digits])) digits++;
        var dash = evr.LastIndexOf('-');
        if (dash < digits) dash = -1;
        string rest;
        if (digits < evr.Length && evr[digits] == ':')
        {
            epoch = digits == 0 ? "0" : evr[..digits];
            rest = evr[(digits + 1)..];
            if (dash >= 0) dash -= digits + 1;
        }
        else
        {
            epoch = null;
            rest = evr;
        }

        version = dash >= 0 ? rest[..dash] : rest;
        release = dash >= 0 ? rest[(dash + 1)..] : null;
    }

    // A port of rpmio/rpmvercmp.c rpmvercmp() (rpm 4.18).
    private static int RpmVerCmp(string a, string b)
    {
        if (a == b) return 0;
        int one = 0, two = 0;
        while (one < a.Length || two < b.Length)
        {
            while (one < a.Length && !char.IsAsciiLetterOrDigit(a[one]) && a[one] is not ('~' or '^')) one++;
            while (two < b.Length && !char.IsAsciiLetterOrDigit(b[two]) && b[two] is not ('~' or '^')) two++;

            if (At(a, one) == '~' || At(b, two) == '~')
            {
                if (At(a, one) != '~') return 1;
                if (At(b, two) != '~') return -1;
                one++;
                two++;
                continue;
            }

            if (At(a, one) == '^' || At(b, two) == '^')
            {
                if (one >= a.Length) return -1;
                if (two >= b.Length) return 1;
                if (a[one] != '^') return 1;
                if (b[two] != '^') return -1;
                one++;
                two++;
                continue;
            }

            if (one >= a.Length || two >= b.Length) break;

            int end1 = one, end2 = two;
            bool isNumber = char.IsAsciiDigit(a[one]);
            Func<char, bool> inSegment = isNumber ? char.IsAsciiDigit : char.IsAsciiLetter;
            while (end1 < a.Length && inSegment(a[end1])) end1++;
            while (end2 < b.Length && inSegment(b[end2])) end2++;

            if (end2 == two) return isNumber ? 1 : -1;

            var segment1 = a.AsSpan(one, end1 - one);
            var segment2 = b.AsSpan(two, end2 - two);
            if (isNumber)
            {
                segment1 = segment1.TrimStart('0');
                segment2 = segment2.TrimStart('0');
                if (segment1.Length != segment2.Length) return segment1.Length > segment2.Length ? 1 : -1;
            }

            var byText = segment1.SequenceCompareTo(segment2);
            if (byText != 0) return byText < 0 ? -1 : 1;
            one = end1;
            two = end2;
        }

        if (one >= a.Length && two >= b.Length) return 0;
        return one >= a.Length ? -1 : 1;
    }

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';
}
