using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>What the stack YAML gave: its settings (lower precedence than properties and flags), its warnings and errors.</summary>
public sealed record StackConfiguration(string? File, string? Environment, IReadOnlyList<RawSetting> Settings, IReadOnlyList<ScDiagnostic> Diagnostics, IReadOnlySet<SecuritySetting> Masked)
{
    public static readonly StackConfiguration None = new(null, null, [], [], new HashSet<SecuritySetting>());
}

/// <summary>
/// Finds and reads the stack YAML the given settings name: <c>ScSecurityConfigFile</c>/<c>-c</c> directly, else
/// <c>ScSecurityStack</c>/<c>-s</c> as <c>.sc/stacks/&lt;stack&gt;/client.yaml</c> in the nearest <c>.sc</c> at or above
/// the project; <c>ScSecurityEnvironment</c>/<c>-e</c> picks <c>stacks.&lt;env&gt;</c>. A stack without a client.yaml
/// is only a secrets store (as before this layer existed) unless an environment is named.
/// </summary>
public static class StackConfigurationLayer
{
    public const string FileName = "client.yaml";
    public const string SecretsFileName = "secrets.yaml";

    public static StackConfiguration Load(IReadOnlyList<RawSetting> given, SecurityOptionsContext context)
    {
        var stack = Last(given, SecuritySettings.Stack);
        var environment = Last(given, SecuritySettings.Environment);
        var file = Last(given, SecuritySettings.ConfigFile);
        if (stack is null && file is null)
        {
            return environment is null ? StackConfiguration.None : Failed(new ScDiagnostic(DiagnosticIds.StackEnvironmentWithoutStack, DiagnosticSeverity.Error, environment.Value, environment.Source.Name));
        }

        string path;
        if (file is not null)
        {
            path = Path.GetFullPath(file.Value!, context.ProjectDirectory);
            if (!File.Exists(path))
            {
                return Failed(new ScDiagnostic(DiagnosticIds.StackConfigNotFound, DiagnosticSeverity.Error, path, $"named by {file.Source.Name}"));
            }
        }
        else
        {
            var found = Find(context.ProjectDirectory, stack!.Value!);
            if (found is null || !File.Exists(found))
            {
                return environment is null
                    ? StackConfiguration.None
                    : Failed(new ScDiagnostic(DiagnosticIds.StackConfigNotFound, DiagnosticSeverity.Error, found ?? $".sc/stacks/{stack.Value}/{FileName}", $"no such file at or above {context.ProjectDirectory} for {stack.Source.Name} '{stack.Value}'"));
            }

            path = found;
        }

        try
        {
            var directory = Path.GetDirectoryName(path)!;
            var root = BoundedYamlLoader.Load(path, path);
            var expander = new PlaceholderExpander(Path.Combine(directory, SecretsFileName), context.GetVariable, new GitHeadReader(context.ProjectDirectory));
            var reader = new StackConfigurationReader(path, directory, expander);
            reader.Read(root, environment?.Value);
            var settings = new List<RawSetting>();
            if (stack is null && StackNameOf(path) is { } inferred)
            {
                // A client.yaml under .sc/stacks/<name>/ names its stack: ${secret:…} references resolved later read that stack's secrets.yaml.
                settings.Add(new RawSetting(SecuritySettings.Stack, inferred, new SettingSource(SettingOrigin.Yaml, path)));
            }

            settings.AddRange(reader.Settings);
            return new StackConfiguration(path, environment?.Value, settings, reader.Diagnostics, reader.Masked);
        }
        catch (ScException ex)
        {
            return Failed(ex.Diagnostic.WithSeverity(DiagnosticSeverity.Error)) with { File = path };
        }
    }

    /// <summary><c>.sc/stacks/&lt;stack&gt;/client.yaml</c> in the nearest <c>.sc</c> folder at or above <paramref name="projectDirectory"/>, or null when there is no <c>.sc</c>.</summary>
    public static string? Find(string projectDirectory, string stack)
    {
        if (stack.IndexOfAny(['/', '\\']) >= 0 || stack is "." or "..")
        {
            return null;
        }

        for (var current = new DirectoryInfo(Path.GetFullPath(projectDirectory)); current is not null; current = current.Parent)
        {
            var sc = Path.Combine(current.FullName, ".sc");
            if (Directory.Exists(sc))
            {
                return Path.Combine(sc, "stacks", stack, FileName);
            }
        }

        return null;
    }

    private static string? StackNameOf(string path)
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(path)!);
        return directory.Parent is { Name: "stacks", Parent.Name: ".sc" } ? directory.Name : null;
    }

    private static RawSetting? Last(IReadOnlyList<RawSetting> given, SecuritySetting setting) =>
        given.LastOrDefault(r => r.Setting == setting && !string.IsNullOrWhiteSpace(r.Value)) is { } raw ? raw with { Value = raw.Value!.Trim() } : null;

    private static StackConfiguration Failed(ScDiagnostic error) => StackConfiguration.None with { Diagnostics = [error] };
}
