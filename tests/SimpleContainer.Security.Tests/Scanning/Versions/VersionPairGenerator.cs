using System.Text;

namespace SimpleContainer.Security.Tests.Scanning.Versions;

/// <summary>
/// Makes realistic version pairs from a fixed seed: half independent, half one small edit apart, so that the
/// oracle comparisons hit the interesting cases (equal prefixes, <c>~</c> against the end, letters against digits).
/// </summary>
internal sealed class VersionPairGenerator(int seed)
{
    private static readonly string[] DebianUpstreamSuffixes = ["+dfsg", "~rc1", "~rc2", "~beta1", "+git20230101", "a", "b", "+ds", "~", ".dfsg", "+really1.2", "rc1", "~pre1", "+dfsg1"];
    private static readonly string[] DebianRevisions = ["1", "2", "0", "1+deb12u1", "1+deb12u2", "1+b1", "1+b2", "1~bpo12+1", "1ubuntu0.1", "1ubuntu1", "3+deb12u1+b1", "0.1", "2.1", "1~exp1", "10", "9", "1.1~deb11u1"];
    private static readonly string[] RpmReleases = ["1.el9", "1.el9_2", "2.el9", "10.el9", "1.el9.1", "1.module+el9.2.0+1234+abcdef", "3.fc39", "1~rc1.el9", "1^20240101git.el9", "0.1.rc1.el9", "1", "2", "11.el8_10"];
    private static readonly string[] RpmVersionSuffixes = ["~rc1", "^post1", "a", ".b", "_1", "+git1", "~beta", "^1", "rc2", ""];

    private readonly Random _random = new(seed);

    public IEnumerable<(string Left, string Right)> DebianPairs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var left = DebianVersion();
            yield return (left, _random.Next(2) == 0 ? DebianVersion() : MutateDebian(left));
        }
    }

    public IEnumerable<(string Left, string Right)> RpmPairs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var left = RpmVersion();
            yield return (left, _random.Next(2) == 0 ? RpmVersion() : MutateRpm(left));
        }
    }

    private string DebianVersion()
    {
        var text = new StringBuilder();
        if (_random.Next(5) == 0) text.Append(_random.Next(4)).Append(':');
        text.Append(Numbers());
        if (_random.Next(3) == 0) text.Append(Pick(DebianUpstreamSuffixes));
        if (_random.Next(10) < 7) text.Append('-').Append(Pick(DebianRevisions));
        return text.ToString();
    }

    private string MutateDebian(string version) => _random.Next(8) switch
    {
        0 => version + Pick(["~rc1", "+b1", "a", "+deb12u1", "~", ".0", "+dfsg"]),
        1 => version.Contains('-', StringComparison.Ordinal) ? version[..version.LastIndexOf('-')] : version + "-1",
        2 => version.Contains(':', StringComparison.Ordinal) ? version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..] : "1:" + version,
        3 => BumpDigit(version),
        4 => ReplaceDigitWithZeroPadded(version),
        5 => version.Replace('.', Pick(["~", "+", "."])[0]),
        6 => version.Contains('-', StringComparison.Ordinal) ? version[..version.LastIndexOf('-')] + "-" + Pick(DebianRevisions) : version,
        _ => version,
    };

    private string RpmVersion()
    {
        var text = new StringBuilder();
        if (_random.Next(5) == 0) text.Append(_random.Next(3)).Append(':');
        text.Append(Numbers()).Append(Pick(RpmVersionSuffixes));
        if (_random.Next(10) < 8) text.Append('-').Append(Pick(RpmReleases));
        return text.ToString();
    }

    private string MutateRpm(string version) => _random.Next(7) switch
    {
        0 => version.Contains('-', StringComparison.Ordinal) ? version[..version.LastIndexOf('-')] : version + "-1.el9",
        1 => version.Contains(':', StringComparison.Ordinal) ? version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..] : "0:" + version,
        2 => BumpDigit(version),
        3 => ReplaceDigitWithZeroPadded(version),
        4 => version.Contains('-', StringComparison.Ordinal) ? version[..version.LastIndexOf('-')] + "-" + Pick(RpmReleases) : version,
        5 => version.Replace(".el9", Pick([".el9~1", ".el9^1", ".el9.0", ".el9a", "el9"]), StringComparison.Ordinal),
        _ => version,
    };

    private string Numbers()
    {
        var parts = _random.Next(1, 5);
        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            if (i > 0) text.Append(_random.Next(12) == 0 ? "+" : ".");
            text.Append(_random.Next(10) switch
            {
                0 => "0" + _random.Next(10),
                1 => _random.Next(100, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                2 => "20240" + _random.Next(101, 930),
                _ => _random.Next(0, 13).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return text.ToString();
    }

    private string BumpDigit(string version)
    {
        var digits = Enumerable.Range(0, version.Length).Where(i => char.IsAsciiDigit(version[i])).ToArray();
        if (digits.Length == 0) return version;
        var at = digits[_random.Next(digits.Length)];
        var replaced = (char)('0' + ((version[at] - '0' + 1 + _random.Next(8)) % 10));
        return string.Concat(version.AsSpan(0, at), replaced.ToString(), version.AsSpan(at + 1));
    }

    private string ReplaceDigitWithZeroPadded(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? version + ".00" : version.Insert(dot + 1, "0");
    }

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];
}
