using System.Collections;
using System.Collections.Frozen;
using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Tools;

/// <summary>
/// The environment a child process starts with: this process's variables without the secrets SimpleContainer reads
/// (the key password, the DefectDojo API key, the registry credentials), then the request's own variables. A child
/// that needs a secret gets it explicitly in its request, as cosign gets <c>COSIGN_PASSWORD</c> when it signs with a
/// key; every other child (syft, grype, trivy, docker-credential-*) gets none.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>The variables no child inherits.</summary>
    public static readonly FrozenSet<string> SecretVariables = FrozenSet.ToFrozenSet(
        [
            SigningPassword.Variable,
            DefectDojoSettings.ApiKeyVariable,
            EnvironmentCredentialProvider.UserVariable,
            EnvironmentCredentialProvider.PasswordVariable,
        ],
        StringComparer.Ordinal);

    /// <summary>The child's variables: <paramref name="parent"/> less <see cref="SecretVariables"/>, then <paramref name="requested"/> (null removes).</summary>
    public static IReadOnlyDictionary<string, string> Build(IReadOnlyDictionary<string, string> parent, IReadOnlyDictionary<string, string?> requested)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(requested);
        var child = parent.Where(v => !SecretVariables.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            if (value is null)
            {
                child.Remove(name);
            }
            else
            {
                child[name] = value;
            }
        }

        return child;
    }

    /// <summary>
    /// What to hand CliWrap, which starts from this process's environment: every variable of <see cref="Build"/>,
    /// and a removal (null) for every variable of this process the child must not have.
    /// </summary>
    internal static IReadOnlyDictionary<string, string?> ForProcess(IReadOnlyDictionary<string, string?> requested)
    {
        var current = Current();
        var child = Build(current, requested);
        var changes = child.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
        foreach (var name in current.Keys.Where(name => !child.ContainsKey(name)))
        {
            changes[name] = null;
        }

        return changes;
    }

    private static Dictionary<string, string> Current()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return variables;
    }
}
