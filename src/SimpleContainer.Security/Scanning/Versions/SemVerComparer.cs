namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// SemVer 2.0.0 precedence (semver.org §11), used for OSV <c>SEMVER</c> ranges: major.minor.patch numerically, a
/// pre-release below its release, pre-release identifiers numeric-below-alphanumeric, build metadata ignored.
/// Unparsable versions sort first, ordinally.
/// </summary>
public sealed class SemVerComparer : IVersionComparer
{
    public string Scheme => "semver";

    public bool IsValid(string version) => TryParse(version, out _, out _);

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var validX = TryParse(x, out var coreX, out var preX);
        var validY = TryParse(y, out var coreY, out var preY);
        if (!validX || !validY)
        {
            if (validX != validY) return validX ? 1 : -1;
            return Math.Sign(string.CompareOrdinal(x, y));
        }

        for (var i = 0; i < 3; i++)
        {
            var byPart = CompareNumbers(coreX[i], coreY[i]);
            if (byPart != 0) return byPart;
        }

        if (preX.Length == 0 || preY.Length == 0) return preX.Length == preY.Length ? 0 : preX.Length == 0 ? 1 : -1;
        for (var i = 0; i < Math.Min(preX.Length, preY.Length); i++)
        {
            var byIdentifier = CompareIdentifiers(preX[i], preY[i]);
            if (byIdentifier != 0) return byIdentifier;
        }

        return preX.Length.CompareTo(preY.Length);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        bool numericA = a.All(char.IsAsciiDigit), numericB = b.All(char.IsAsciiDigit);
        if (numericA && numericB) return CompareNumbers(a, b);
        if (numericA != numericB) return numericA ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static int CompareNumbers(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : Math.Sign(string.CompareOrdinal(a, b));

    private static bool TryParse(string version, out string[] core, out string[] preRelease)
    {
        core = [];
        preRelease = [];
        var text = version;
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!AreIdentifiers(text[(plus + 1)..].Split('.'), numericWithoutLeadingZero: false)) return false;
            text = text[..plus];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            preRelease = text[(dash + 1)..].Split('.');
            if (!AreIdentifiers(preRelease, numericWithoutLeadingZero: true)) return false;
            text = text[..dash];
        }

        core = text.Split('.');
        return core.Length == 3 && core.All(part => part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0'));
    }

    private static bool AreIdentifiers(string[] identifiers, bool numericWithoutLeadingZero) => identifiers.All(identifier =>
        identifier.Length > 0
        && identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && (!numericWithoutLeadingZero || !identifier.All(char.IsAsciiDigit) || identifier.Length == 1 || identifier[0] != '0'));
}
