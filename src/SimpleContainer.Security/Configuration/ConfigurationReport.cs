using SimpleContainer.Security.Configuration.StackYaml;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration;

/// <summary>One line of <c>sc config show</c>: a setting, its effective value (masked when secret) and its source.</summary>
public sealed record ConfigurationRow(string Key, string Property, string? Flag, string? Value, string Source, SettingOrigin Origin);

/// <summary>
/// The effective configuration with the source of every value, as <c>sc config show</c> prints it. A value that came
/// through <c>${secret:…}</c> is <see cref="Masked"/>; secret settings only ever hold their reference; an inline key is
/// named, never shown.
/// </summary>
public sealed record ConfigurationReport(string? File, string? Environment, IReadOnlyList<ConfigurationRow> Rows, IReadOnlyList<ScDiagnostic> Diagnostics)
{
    public const string Masked = "***";

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public static ConfigurationReport Create(IEnumerable<RawSetting> sources, SecurityOptionsContext context)
    {
        var given = sources.ToList();
        var (settings, diagnostics, stack) = SecurityOptions.ResolveSettings(given, context);
        if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // The options' own checks (a literal API key, a bad age) are configuration errors too.
            var (_, optionErrors) = SecurityOptions.Resolve(given, context);
            diagnostics = optionErrors;
        }

        var rows = SecuritySettings.All.Select(setting =>
        {
            var value = settings[setting];
            var shown = value.Text is null ? null
                : stack.Masked.Contains(setting) && value.Source.Origin == SettingOrigin.Yaml ? Masked
                : StackSchema.KeyKeys.Contains(setting.Key) ? KeyReference.Describe(value.Text)
                : value.Text;
            return new ConfigurationRow(setting.Key, setting.Property, setting.Flag, shown, value.Source.Name, value.Source.Origin);
        }).ToList();
        return new ConfigurationReport(stack.File, stack.Environment, rows, diagnostics);
    }
}
