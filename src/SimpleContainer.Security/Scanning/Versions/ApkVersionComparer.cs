namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>
/// Alpine's version ordering, ported from apk-tools' <c>src/version.c</c>:
/// <c>digit{.digit}…{letter}{_suffix{number}}…{~hash}{-rN}</c>. Pre-release suffixes <c>_alpha _beta _pre _rc</c> sort
/// before the plain version, <c>_cvs _svn _git _hg _p</c> after it; digit parts with a leading zero compare as
/// strings (as Gentoo does); where the shapes differ the version with the later token kind is the lower.
/// </summary>
public sealed class ApkVersionComparer : IVersionComparer
{
    private enum TokenKind
    {
        InitialDigit,
        Digit,
        Letter,
        Suffix,
        SuffixNumber,
        CommitHash,
        RevisionNumber,
        End,
        Invalid,
    }

    // The order of apk-tools' DECLARE_SUFFIXES; None is the plain version's place.
    private const int SuffixInvalid = 0;
    private const int SuffixNone = 5;
    private static readonly string[] Suffixes = ["", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];

    public string Scheme => "apk";

    public bool IsValid(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var tokenizer = new Tokenizer(version);
        tokenizer.First();
        while (tokenizer.Kind < TokenKind.End) tokenizer.Next();
        return tokenizer.Kind == TokenKind.End;
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return Compare(x, y, fuzzy: false);
    }

    /// <summary>apk's fuzzy comparison (<c>~</c> in a dependency): a version equals any version it begins with.</summary>
    public int CompareFuzzy(string x, string y) => Compare(x, y, fuzzy: true);

    private static int Compare(string x, string y, bool fuzzy)
    {
        var a = new Tokenizer(x);
        var b = new Tokenizer(y);
        for (a.First(), b.First(); a.Kind == b.Kind && a.Kind < TokenKind.End; a.Next(), b.Next())
        {
            var byToken = CompareTokens(ref a, ref b);
            if (byToken != 0) return byToken;
        }

        if (a.Kind == b.Kind) return 0;
        if (b.Kind == TokenKind.End && fuzzy) return 0;
        if (a.Kind == TokenKind.Suffix && a.Suffix < SuffixNone) return -1;
        if (b.Kind == TokenKind.Suffix && b.Suffix < SuffixNone) return 1;
        if (a.Kind > b.Kind) return -1;
        if (b.Kind > a.Kind) return 1;
        return 0;
    }

    private static int CompareTokens(ref Tokenizer a, ref Tokenizer b)
    {
        ulong left, right;
        switch (a.Kind)
        {
            case TokenKind.Digit when a.Value[0] == '0' || b.Value[0] == '0':
                return CompareBytes(a.Value, b.Value);
            case TokenKind.Digit or TokenKind.InitialDigit or TokenKind.SuffixNumber or TokenKind.RevisionNumber:
                left = a.Number;
                right = b.Number;
                break;
            case TokenKind.Letter:
                left = a.Value[0];
                right = b.Value[0];
                break;
            case TokenKind.Suffix:
                left = (ulong)a.Suffix;
                right = (ulong)b.Suffix;
                break;
            default:
                return CompareBytes(a.Value, b.Value);
        }

        return left.CompareTo(right) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }

    // apk_blob_sort: memcmp over the common length, then the shorter first.
    private static int CompareBytes(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Math.Sign(a.SequenceCompareTo(b));

    private static int SuffixValue(ReadOnlySpan<char> suffix)
    {
        if (suffix.Length == 0) return SuffixInvalid;
        var value = suffix[0] switch
        {
            'a' => 1,
            'b' => 2,
            'c' => 6,
            'g' => 8,
            'h' => 9,
            'p' => suffix.Length > 1 ? 3 : 10,
            'r' => 4,
            's' => 7,
            _ => SuffixInvalid,
        };
        return value != SuffixInvalid && suffix.SequenceEqual(Suffixes[value]) ? value : SuffixInvalid;
    }

    /// <summary>apk-tools' token_state with token_first/token_next.</summary>
    private ref struct Tokenizer(string text)
    {
        private ReadOnlySpan<char> _rest = text;

        public TokenKind Kind { get; private set; }

        public int Suffix { get; private set; }

        public ulong Number { get; private set; }

        public ReadOnlySpan<char> Value { get; private set; }

        public void First()
        {
            Kind = TokenKind.InitialDigit;
            ParseDigits();
        }

        public void Next()
        {
            if (_rest.Length == 0)
            {
                Kind = TokenKind.End;
                return;
            }

            var c = _rest[0];
            switch (c)
            {
                case >= 'a' and <= 'z':
                    if (Kind > TokenKind.Digit) goto default;
                    Value = _rest[..1];
                    Kind = TokenKind.Letter;
                    _rest = _rest[1..];
                    break;
                case '.' or (>= '0' and <= '9'):
                    if (c == '.')
                    {
                        if (Kind > TokenKind.Digit) goto default;
                        _rest = _rest[1..];
                    }

                    if (Kind is TokenKind.InitialDigit or TokenKind.Digit) Kind = TokenKind.Digit;
                    else if (Kind == TokenKind.Suffix) Kind = TokenKind.SuffixNumber;
                    else goto default;
                    ParseDigits();
                    break;
                case '_':
                    if (Kind > TokenKind.SuffixNumber) goto default;
                    _rest = _rest[1..];
                    Value = TakeWhile(static ch => ch is >= 'a' and <= 'z');
                    Suffix = SuffixValue(Value);
                    if (Suffix == SuffixInvalid) goto default;
                    Kind = TokenKind.Suffix;
                    break;
                case '~':
                    if (Kind >= TokenKind.CommitHash) goto default;
                    _rest = _rest[1..];
                    Value = TakeWhile(static ch => ch is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
                    if (Value.Length == 0) goto default;
                    Kind = TokenKind.CommitHash;
                    break;
                case '-':
                    if (Kind >= TokenKind.RevisionNumber || !_rest.StartsWith("-r")) goto default;
                    _rest = _rest[2..];
                    Kind = TokenKind.RevisionNumber;
                    ParseDigits();
                    break;
                default:
                    Kind = TokenKind.Invalid;
                    break;
            }
        }

        private void ParseDigits()
        {
            var digits = TakeWhile(static ch => ch is >= '0' and <= '9');
            ulong number = 0;
            foreach (var digit in digits) number = unchecked((number * 10) + (ulong)(digit - '0'));
            Number = number;
            Value = digits;
            if (digits.Length == 0) Kind = TokenKind.Invalid;
        }

        private ReadOnlySpan<char> TakeWhile(Func<char, bool> accept)
        {
            var length = 0;
            while (length < _rest.Length && accept(_rest[length])) length++;
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }
    }
}
