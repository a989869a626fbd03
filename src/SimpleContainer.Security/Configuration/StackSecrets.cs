using SimpleContainer.Security.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Configuration;

/// <summary>
/// Simple Container's secrets: <c>.sc/stacks/&lt;stack&gt;/secrets.yaml</c>, <c>values:</c> name → secret, found in the
/// nearest <c>.sc</c> folder at or above a starting folder. Read as plain YAML nodes (no object activation). A secret
/// missing there is read from <c>SC_SECRET_&lt;NAME&gt;</c> when <paramref name="getVariable"/> is given.
/// </summary>
public sealed class StackSecrets(string startDirectory, string? stack = null, Func<string, string?>? getVariable = null)
{
    private const long MaxSecretsFileBytes = 1024 * 1024;

    /// <summary>The variable a secret is read from when no secrets.yaml holds it: <c>SC_SECRET_</c> + the name in upper case, '-' and '.' as '_'.</summary>
    public static string VariableFor(string name) => "SC_SECRET_" + name.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    public string Resolve(string name)
    {
        try
        {
            return ResolveFromFiles(name);
        }
        catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.SecretNotFound && getVariable?.Invoke(VariableFor(name)) is { Length: > 0 } value)
        {
            return value;
        }
    }

    /// <summary>The value <paramref name="name"/> has under <c>values:</c> in one secrets file, or null.</summary>
    public static string? ReadValueFrom(string path, string name) => ReadValue(path, name);

    private string ResolveFromFiles(string name)
    {
        var stacksRoot = FindStacksRoot(Path.GetFullPath(startDirectory));
        if (stacksRoot is null)
        {
            throw new ScException(DiagnosticIds.SecretNotFound, name, $"no .sc/stacks folder at or above {startDirectory}");
        }

        var candidates = stack is { Length: > 0 }
            ? [Path.Combine(stacksRoot, stack, "secrets.yaml")]
            : Directory.EnumerateDirectories(stacksRoot).Select(d => Path.Combine(d, "secrets.yaml")).Where(File.Exists).Order(StringComparer.Ordinal).ToList();
        var found = candidates
            .Where(File.Exists)
            .Select(path => (Stack: Path.GetFileName(Path.GetDirectoryName(path)!), Value: ReadValue(path, name)))
            .Where(c => c.Value is not null)
            .ToList();
        if (found.Count == 0)
        {
            throw new ScException(DiagnosticIds.SecretNotFound, name, $"not in {string.Join(", ", candidates.DefaultIfEmpty(stacksRoot))}");
        }

        if (found.Select(f => f.Value).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ScException(DiagnosticIds.SecretAmbiguous, name, string.Join(", ", found.Select(f => f.Stack)));
        }

        return found[0].Value!;
    }

    private static string? FindStacksRoot(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var stacks = Path.Combine(current.FullName, ".sc", "stacks");
            if (Directory.Exists(stacks))
            {
                return stacks;
            }
        }

        return null;
    }

    private static string? ReadValue(string path, string name)
    {
        try
        {
            if (new FileInfo(path).Length > MaxSecretsFileBytes)
            {
                throw new ScException(DiagnosticIds.StackSecretsInvalid, path, $"it is larger than {MaxSecretsFileBytes} bytes");
            }

            // The same bounds as the stack YAML: nesting, value length, alias expansion, one document.
            YamlNode? document;
            try
            {
                document = StackYaml.BoundedYamlLoader.Parse(File.ReadAllText(path), path);
            }
            catch (ScException ex) when (ex.Diagnostic.ResourceKey is DiagnosticIds.StackConfigRefused or DiagnosticIds.StackConfigInvalid)
            {
                throw new ScException(new ScDiagnostic(DiagnosticIds.StackSecretsInvalid, DiagnosticSeverity.Error, path, ex.Diagnostic.Args[1]), ex);
            }

            if (document is not YamlMappingNode root)
            {
                return null;
            }

            if (!root.Children.TryGetValue(new YamlScalarNode("values"), out var valuesNode))
            {
                return null;
            }

            if (valuesNode is not YamlMappingNode values)
            {
                throw new ScException(DiagnosticIds.StackSecretsInvalid, path, "'values' is not a mapping");
            }

            return values.Children.TryGetValue(new YamlScalarNode(name), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
        }
        catch (YamlException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.StackSecretsInvalid, DiagnosticSeverity.Error, path, ex.Message), ex);
        }
    }
}
