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

    public Option<bool> Keyless { get; } = new("--keyless") { Description = "Sign keyless: a Fulcio certificate for the CI identity token (SIGSTORE_ID_TOKEN, GitHub Actions), logged in Rekor. The default when no --key is given and a CI token is available." };

    public Option<string?> FulcioUrl { get; } = new("--fulcio-url") { Description = "Keyless: the Fulcio to ask for the certificate (default https://fulcio.sigstore.dev)." };

    public Option<string?> RekorUrl { get; } = new("--rekor-url") { Description = "Keyless: the Rekor that logs the signature (default https://rekor.sigstore.dev)." };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Keyless: the Sigstore trusted_root.json verify-after-signing checks against." };

    public Option<string?> TimestampUrl { get; } = new("--timestamp-url") { Description = "Keyless: an RFC 3161 timestamp authority (its full URL) that timestamps every signature." };

    public Option<string?> TufUrl { get; } = new("--tuf-url") { Description = $"Keyless: the TUF repository of the trusted root when --trusted-root is not given (default {Sigstore.Trust.TrustedRootOptions.PublicGoodTufUrl})." };

    public Option<string?> TufRoot { get; } = new("--tuf-root") { Description = "Keyless: the initial root.json of that TUF repository (a private Sigstore)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Format, Provider, Password, Stack, Annotations, NoVerify, Keyless, FulcioUrl, RekorUrl, TimestampUrl, TrustedRoot, TufUrl, TufRoot })
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
            .Add(Keyless, SecuritySettings.SigningKeyless, v => v ? "true" : "false")
            .Add(FulcioUrl, SecuritySettings.FulcioUrl)
            .Add(RekorUrl, SecuritySettings.RekorUrl)
            .Add(TimestampUrl, SecuritySettings.TimestampUrl)
            .Add(TrustedRoot, SecuritySettings.TrustedRoot)
            .Add(TufUrl, SecuritySettings.TufUrl)
            .Add(TufRoot, SecuritySettings.TufRoot)
            .Implied(SecuritySettings.SigningEnabled, "true", commandName);

    public IReadOnlyDictionary<string, string> SignedAnnotations(ParseResult result) => Commands.Annotations.Parse(result.GetValue(Annotations));
}
