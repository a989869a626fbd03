using System.Text;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>
/// Expands Simple Container's placeholders in a stack YAML value: <c>${env:NAME}</c>, <c>${env:NAME:default}</c>,
/// <c>${secret:NAME}</c> (the stack's <c>secrets.yaml</c> <c>values:</c>, else <c>SC_SECRET_&lt;NAME&gt;</c>) and
/// <c>${git:commit|commit.short|branch}</c>. Any other <c>${…}</c> is an error, never left as text.
/// </summary>
public sealed partial class PlaceholderExpander(string secretsFile, Func<string, string?> getVariable, GitHeadReader git)
{
    public string SecretsFile { get; } = secretsFile;

    /// <summary>True when the whole value is one <c>${secret:…}</c> or <c>${env:…}</c> placeholder (kept as a reference for secret settings).</summary>
    public static bool IsSingleReference(string value) => ValueReference.IsReference(value);

    public static bool MentionsSecret(string value) => value.Contains("${secret:", StringComparison.Ordinal);

    /// <summary>The value with every placeholder replaced; <paramref name="location"/> (<c>file:line:column</c>) names it in errors.</summary>
    public string Expand(string value, string location)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder();
        var at = 0;
        foreach (Match match in Placeholder().Matches(value))
        {
            Unsupported(value[at..match.Index], location);
            result.Append(value, at, match.Index - at).Append(Resolve(match, location));
            at = match.Index + match.Length;
        }

        Unsupported(value[at..], location);
        return result.Append(value, at, value.Length - at).ToString();
    }

    /// <summary>A secret's value: the secrets file's <c>values:</c>, else <c>SC_SECRET_&lt;NAME&gt;</c> (upper case, '-' and '.' as '_').</summary>
    public string Secret(string name, string location)
    {
        if (File.Exists(SecretsFile) && StackSecrets.ReadValueFrom(SecretsFile, name) is { } value)
        {
            return value;
        }

        var variable = StackSecrets.VariableFor(name);
        return getVariable(variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : throw new ScException(DiagnosticIds.StackSecretMissing, location, name, SecretsFile, variable);
    }

    private string Resolve(Match match, string location)
    {
        var body = match.Groups["body"].Value;
        switch (match.Groups["kind"].Value)
        {
            case "env":
                var colon = body.IndexOf(':', StringComparison.Ordinal);
                var name = colon < 0 ? body : body[..colon];
                return getVariable(name) is { Length: > 0 } value ? value
                    : colon >= 0 ? body[(colon + 1)..]
                    : throw new ScException(DiagnosticIds.StackVariableMissing, location, name);
            case "secret":
                return Secret(body, location);
            case "git" when body is "commit" or "commit.short" or "branch":
                return git.Read(body, location);
            default:
                throw new ScException(DiagnosticIds.PlaceholderUnsupported, location, match.Value);
        }
    }

    private static void Unsupported(string text, string location)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = text.IndexOf('}', start);
            throw new ScException(DiagnosticIds.PlaceholderUnsupported, location, end < 0 ? text[start..] : text[start..(end + 1)]);
        }
    }

    [GeneratedRegex(@"\$\{(?<kind>[a-z]+):(?<body>[A-Za-z_][A-Za-z0-9_.\-]*(?::[^}]*)?)\}")]
    private static partial Regex Placeholder();
}
