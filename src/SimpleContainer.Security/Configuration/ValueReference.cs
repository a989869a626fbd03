using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration;

/// <summary>
/// A reference to a value kept out of build files: <c>${secret:NAME}</c> (the stack's secrets.yaml) or
/// <c>${env:VAR}</c> / <c>${env:VAR:default}</c>, as Simple Container's placeholders spell them.
/// </summary>
public static partial class ValueReference
{
    public static bool IsReference(string? text) => text is not null && Pattern().IsMatch(text.Trim());

    public static string Resolve(string reference, Func<string, string?> getVariable, StackSecrets secrets)
    {
        var match = Pattern().Match(reference.Trim());
        if (!match.Success)
        {
            throw new ScException(DiagnosticIds.UnsupportedReference, reference);
        }

        var name = match.Groups["name"].Value;
        if (match.Groups["kind"].Value == "secret")
        {
            return secrets.Resolve(name);
        }

        return getVariable(name) is { Length: > 0 } value
            ? value
            : match.Groups["default"].Success ? match.Groups["default"].Value : throw new ScException(DiagnosticIds.SecretNotFound, name, "the environment variable is not set");
    }

    /// <summary>
    /// A secret setting (a key password, an API key): the reference when one is configured, else
    /// <paramref name="fallbackVariable"/> from the environment. A literal value, or an <c>${env:VAR:default}</c> whose
    /// default is one, is refused with <paramref name="literalRefused"/>, because MSBuild properties end up in logs and binlogs.
    /// </summary>
    public static string? ResolveSecret(string? reference, string fallbackVariable, Func<string, string?> getVariable, StackSecrets secrets, ScDiagnostic literalRefused)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return getVariable(fallbackVariable);
        }

        // ${env:VAR:default} carries its default in the build file: for a secret that default is a literal.
        var match = Pattern().Match(reference.Trim());
        return match.Success && !match.Groups["default"].Success ? Resolve(reference, getVariable, secrets) : throw new ScException(literalRefused);
    }

    [GeneratedRegex(@"^\$\{(?<kind>secret|env):(?<name>[A-Za-z_][A-Za-z0-9_.-]*)(?::(?<default>[^}]*))?\}$")]
    private static partial Regex Pattern();
}
