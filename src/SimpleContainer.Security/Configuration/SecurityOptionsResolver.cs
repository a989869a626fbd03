using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration;

/// <summary>Where a value came from, in increasing precedence: the default, the stack YAML, an MSBuild property or an <c>sc</c> flag.</summary>
public enum SettingOrigin
{
    Default,
    Yaml,
    MSBuildProperty,
    CliFlag,
}

/// <summary>A value's source as messages name it: <c>default</c>, <c>client.yaml:12:5</c>, <c>ScScanFailOn</c>, <c>--fail-on</c>.</summary>
public sealed record SettingSource(SettingOrigin Origin, string Name)
{
    public static readonly SettingSource Default = new(SettingOrigin.Default, "default");

    public static SettingSource Property(string name) => new(SettingOrigin.MSBuildProperty, name);

    public static SettingSource Flag(string name) => new(SettingOrigin.CliFlag, name);

    public override string ToString() => Name;
}

/// <summary>One value a source gave for a setting. An empty value means unset.</summary>
public sealed record RawSetting(SecuritySetting Setting, string? Value, SettingSource Source);

/// <summary>A setting's effective value (null: no value and no default) and where it came from.</summary>
public sealed record SettingValue(string? Text, SettingSource Source);

/// <summary>Every setting's effective value with its source; what <c>sc config show</c> prints and what <see cref="SecurityOptions"/> is built from.</summary>
public sealed class ResolvedSettings(IReadOnlyDictionary<SecuritySetting, SettingValue> values)
{
    public SettingValue this[SecuritySetting setting] => values.TryGetValue(setting, out var value) ? value : new SettingValue(setting.Default, SettingSource.Default);

    public string? Text(SecuritySetting setting) => this[setting].Text;

    /// <summary>True when a source other than the defaults set the value.</summary>
    public bool IsSet(SecuritySetting setting) => this[setting].Source.Origin != SettingOrigin.Default;

    public bool Bool(SecuritySetting setting) => Text(setting) is { } text && SecuritySettings.ParseBool(text);
}

/// <summary>
/// Merges the sources of the settings, later wins (defaults, then the stack YAML, then explicitly set MSBuild
/// properties or <c>sc</c> flags), and checks every value: a value a setting does not accept is a configuration error
/// (<c>SCSEC1100</c>) naming the source and the allowed values, whatever <c>Required</c> says.
/// </summary>
public static class SecurityOptionsResolver
{
    /// <summary>The effective settings and every configuration error found (all of them, not just the first).</summary>
    public static (ResolvedSettings Settings, IReadOnlyList<ScDiagnostic> Errors) Resolve(IEnumerable<RawSetting> sources)
    {
        var values = SecuritySettings.All.ToDictionary(s => s, s => new SettingValue(s.Default, SettingSource.Default));
        var errors = new List<ScDiagnostic>();
        foreach (var raw in sources)
        {
            if (string.IsNullOrWhiteSpace(raw.Value))
            {
                continue;
            }

            var value = raw.Value.Trim();
            if (!raw.Setting.IsValid(value))
            {
                errors.Add(InvalidValue(raw.Setting, value, raw.Source));
                continue;
            }

            values[raw.Setting] = new SettingValue(value, raw.Source);
        }

        return (new ResolvedSettings(values), errors);
    }

    public static ScDiagnostic InvalidValue(SecuritySetting setting, string value, SettingSource source) =>
        new(DiagnosticIds.InvalidSettingValue, DiagnosticSeverity.Error, value, source.Name, setting.Allowed);
}
