using System.Text;

namespace SimpleContainer.Security.Sbom.Licenses;

/// <summary>
/// Checks SPDX license expressions (SPDX 2.3 annex D): license ids from the SPDX list (optionally with <c>+</c>),
/// <c>LicenseRef-</c> references, <c>WITH</c> exceptions, <c>AND</c>, <c>OR</c> and parentheses. Returns the expression
/// with canonical id casing and single spaces, or null when it is not a valid expression of known ids.
/// </summary>
internal static class SpdxExpression
{
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var tokens = Tokenize(text);
        var position = 0;
        var output = new StringBuilder();
        return tokens is not null && ParseOr(tokens, ref position, output) && position == tokens.Count ? output.ToString() : null;
    }

    /// <summary>The canonical form of a single known license id, or null.</summary>
    public static string? KnownLicenseId(string text) => SpdxLicenseList.Licenses.GetValueOrDefault(text.Trim());

    private static List<string>? Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '-' or '+' or ':'))
                {
                    i++;
                }

                if (i == start)
                {
                    return null;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private static bool ParseOr(List<string> tokens, ref int position, StringBuilder output)
    {
        if (!ParseAnd(tokens, ref position, output))
        {
            return false;
        }

        while (position < tokens.Count && IsOperator(tokens[position], "OR", "or"))
        {
            position++;
            output.Append(" OR ");
            if (!ParseAnd(tokens, ref position, output))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ParseAnd(List<string> tokens, ref int position, StringBuilder output)
    {
        if (!ParseTerm(tokens, ref position, output))
        {
            return false;
        }

        while (position < tokens.Count && IsOperator(tokens[position], "AND", "and"))
        {
            position++;
            output.Append(" AND ");
            if (!ParseTerm(tokens, ref position, output))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ParseTerm(List<string> tokens, ref int position, StringBuilder output)
    {
        if (position >= tokens.Count)
        {
            return false;
        }

        if (tokens[position] == "(")
        {
            position++;
            output.Append('(');
            if (!ParseOr(tokens, ref position, output) || position >= tokens.Count || tokens[position] != ")")
            {
                return false;
            }

            position++;
            output.Append(')');
            return true;
        }

        if (!AppendLicense(tokens[position++], output))
        {
            return false;
        }

        if (position < tokens.Count && IsOperator(tokens[position], "WITH", "with"))
        {
            position++;
            if (position >= tokens.Count || SpdxLicenseList.Exceptions.GetValueOrDefault(tokens[position++]) is not { } exception)
            {
                return false;
            }

            output.Append(" WITH ").Append(exception);
        }

        return true;
    }

    private static bool AppendLicense(string token, StringBuilder output)
    {
        if (IsReference(token))
        {
            output.Append(token);
            return true;
        }

        var plus = token.EndsWith('+');
        if (SpdxLicenseList.Licenses.GetValueOrDefault(plus ? token[..^1] : token) is not { } id)
        {
            return false;
        }

        output.Append(id).Append(plus ? "+" : string.Empty);
        return true;
    }

    private static bool IsReference(string token)
    {
        var local = token.StartsWith("DocumentRef-", StringComparison.Ordinal) && token.IndexOf(':', StringComparison.Ordinal) is var colon and > 12
            ? token[(colon + 1)..]
            : token;
        return local.StartsWith("LicenseRef-", StringComparison.Ordinal) && local.Length > 11 && !local.Contains(':', StringComparison.Ordinal) && !local.EndsWith('+');
    }

    // The spec allows operators in upper or lower case, not mixed.
    private static bool IsOperator(string token, string upper, string lower) => token == upper || token == lower;
}
