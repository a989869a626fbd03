using System.CommandLine;
using SimpleContainer.Security.Configuration;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// The signing flags <c>sc image sign</c> and <c>sc stack sign</c> share, mapped once onto the same settings as the
/// MSBuild properties, so both commands resolve them with the same rules and defaults.
/// </summary>
internal sealed class SigningCommandOptions(string annotationsDescription)
{
    public Option<string?> Format { get; } = new("--format") { Description = $"legacy (cosign .sig tag), bundle (Sigstore bundle referrer) or both (default {SecuritySettings.DefaultSigningFormat})." };

    public Option<string?> Provider { get; } = new("--provider") { Description = $"builtin or cosign (default {SecuritySettings.DefaultSigningProvider})." };

    public Option<string?> Password { get; } = new("--password") { Description = "A reference to the key password: ${secret:NAME} (the stack's secrets.yaml) or ${env:VAR}; never the password. Default COSIGN_PASSWORD." };

    public Option<string?> Stack { get; } = new("--stack") { Description = "The Simple Container stack whose secrets.yaml ${secret:…} reads." };

    public Option<string[]> Annotations { get; } = Commands.Annotations.CreateOption(annotationsDescription);

    public Option<bool> NoVerify { get; } = new("--no-verify") { Description = "Skip reading the signatures back to verify them." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Format, Provider, Password, Stack, Annotations, NoVerify })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The flags given, with <paramref name="key"/>, as settings; signing is implied by <paramref name="commandName"/>.</summary>
    public CliSettings Settings<TKey>(ParseResult result, Option<TKey> key, string commandName) =>
        new CliSettings(result)
            .Add(key, SecuritySettings.SigningKey)
            .Add(Format, SecuritySettings.SigningFormatSetting)
            .Add(Provider, SecuritySettings.SigningProviderSetting)
            .Add(Password, SecuritySettings.SigningPassword)
            .Add(Stack, SecuritySettings.Stack)
            .Add(NoVerify, SecuritySettings.VerifyAfterSigning, v => v ? "false" : "true")
            .Implied(SecuritySettings.SigningEnabled, "true", commandName);

    public IReadOnlyDictionary<string, string> SignedAnnotations(ParseResult result) => Commands.Annotations.Parse(result.GetValue(Annotations));
}
