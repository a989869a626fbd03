using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli;

/// <summary>Every configuration error of one command, reported together; sc exits 3.</summary>
public sealed class ConfigurationErrorsException(IReadOnlyList<ScDiagnostic> errors) : ScException(errors[0])
{
    public IReadOnlyList<ScDiagnostic> Errors { get; } = errors;
}

/// <summary>
/// The CLI's source of settings: only the flags given on the command line (an option's own default would hide the
/// core's), each named by its flag in messages. Resolved by the same <see cref="SecurityOptions"/> as MSBuild.
/// </summary>
internal sealed class CliSettings(ParseResult result)
{
    private readonly List<RawSetting> _given = [];

    /// <summary>Adds the option's value when it was given; <paramref name="text"/> turns the parsed value into the setting's text.</summary>
    public CliSettings Add<T>(Option<T> option, SecuritySetting setting, Func<T, string?>? text = null)
    {
        if (result.GetResult(option) is { Implicit: false })
        {
            var value = result.GetValue(option);
            _given.Add(new RawSetting(setting, text is null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : text(value!), SettingSource.Flag(option.Name)));
        }

        return this;
    }

    /// <summary>A value the command itself implies (sc image scan always scans), named after the command.</summary>
    public CliSettings Implied(SecuritySetting setting, string value, string command)
    {
        _given.Insert(0, new RawSetting(setting, value, SettingSource.Flag(command)));
        return this;
    }

    public SecurityOptions Resolve(CliContext context, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var (options, errors) = SecurityOptions.Resolve(_given, new SecurityOptionsContext
        {
            ProjectDirectory = Directory.GetCurrentDirectory(),
            GetVariable = context.GetVariable,
            Annotations = annotations ?? new Dictionary<string, string>(),
        });
        if (options is null)
        {
            throw new ConfigurationErrorsException(errors);
        }

        // The stack YAML's warnings (an unknown key, a field not applied yet) are printed and the command goes on.
        foreach (var warning in errors)
        {
            context.Error.WriteLine(warning.ToString());
        }

        return options;
    }
}
