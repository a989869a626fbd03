using System.CommandLine;
using SimpleContainer.Security.Configuration;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>-s/--stack</c>, <c>-e/--environment</c>, <c>-c/--config</c> and <c>--project</c>: which stack YAML configures a
/// command, the same settings as ScSecurityStack, ScSecurityEnvironment and ScSecurityConfigFile.
/// </summary>
internal sealed class StackSelectionOptions
{
    public Option<string?> Stack { get; } = new("--stack", "-s") { Description = "The Simple Container stack: .sc/stacks/<stack>/client.yaml in the nearest .sc folder at or above the project." };

    public Option<string?> Environment { get; } = new("--environment", "-e") { Description = "The environment under 'stacks:' whose config.security applies." };

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "A client.yaml to read directly." };

    public Option<string> Project { get; } = new("--project") { Description = "The project folder the stack is looked for from (default: the current folder).", DefaultValueFactory = _ => "." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Stack, Environment, Config, Project })
        {
            command.Options.Add(option);
        }
    }

    public List<RawSetting> Settings(ParseResult result)
    {
        var given = new List<RawSetting>();
        Add(Stack, SecuritySettings.Stack);
        Add(Environment, SecuritySettings.Environment);
        Add(Config, SecuritySettings.ConfigFile);
        return given;

        void Add(Option<string?> option, SecuritySetting setting)
        {
            if (result.GetValue(option) is { Length: > 0 } value)
            {
                given.Add(new RawSetting(setting, value, SettingSource.Flag(option.Name)));
            }
        }
    }

    public SecurityOptionsContext Context(ParseResult result, CliContext context) => new()
    {
        ProjectDirectory = Path.GetFullPath(result.GetValue(Project) ?? "."),
        GetVariable = context.GetVariable,
    };
}
