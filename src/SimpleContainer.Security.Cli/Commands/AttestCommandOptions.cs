using System.CommandLine;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// The flags <c>sc sbom attach</c> and <c>sc provenance attach</c> share: the key (and its password reference) and the
/// layout, resolved through the same settings as the signing stage, so the key is read by the same <see cref="BuildSigner"/>.
/// </summary>
internal sealed class AttestCommandOptions
{
    public Option<string> Image { get; } = new("--image") { Description = "The image to attest (a tag is resolved to its digest first).", Required = true };

    public Option<string> Key { get; } = new("--key") { Description = "The private key (cosign.key or PEM); its password comes from COSIGN_PASSWORD or --password.", Required = true };

    public Option<string?> Format { get; } = new("--format") { Description = $"legacy (cosign .att tag), bundle (Sigstore bundle referrer) or both (default {SecuritySettings.DefaultSigningFormat})." };

    public Option<string?> Password { get; } = new("--password") { Description = "A reference to the key password: ${secret:NAME} or ${env:VAR}; never the password. Default COSIGN_PASSWORD." };

    public Option<string?> Stack { get; } = new("--stack") { Description = "The Simple Container stack whose secrets.yaml ${secret:…} reads." };

    public Option<bool> NoVerify { get; } = new("--no-verify") { Description = "Skip reading the attestation back to verify it." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Image, Key, Format, Password, Stack, NoVerify })
        {
            command.Options.Add(option);
        }
    }

    public SecurityOptions Resolve(ParseResult result, CliContext context, string commandName) =>
        new CliSettings(result)
            .Add(Key, SecuritySettings.SigningKey)
            .Add(Format, SecuritySettings.SigningFormatSetting)
            .Add(Password, SecuritySettings.SigningPassword)
            .Add(Stack, SecuritySettings.Stack)
            .Add(NoVerify, SecuritySettings.VerifyAfterSigning, v => v ? "false" : "true")
            .Implied(SecuritySettings.SigningEnabled, "true", commandName)
            .Resolve(context);

    /// <summary>Signs <paramref name="statement"/> and attaches it to every subject; prints one line per subject.</summary>
    public static async Task AttestAsync(RegistryClient client, CliContext context, SecurityOptions options, InTotoStatement statement, IReadOnlyList<ImageReference> subjects, CancellationToken cancellationToken)
    {
        using var signer = new BuildSigner(context.GetVariable);
        var key = await signer.SignerForAsync(options.Signing, Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
        var stores = AttestationStores.For(client, options.Signing.Format, options.Signing.SignatureRepository ?? context.GetVariable(CosignConventions.RepositoryVariable));
        var notes = new List<ScDiagnostic>();
        var verifyWith = options.Signing.VerifyAfterSigning ? await signer.AttestationVerifierForAsync(key, options.Signing, notes.Add, cancellationToken).ConfigureAwait(false) : null;
        foreach (var note in notes)
        {
            await (note.Severity == DiagnosticSeverity.Message ? context.Output : context.Error).WriteLineAsync(note.Message).ConfigureAwait(false);
        }

        await new ImageAttester(stores).AttestAsync(statement, subjects, key, verifyWith, cancellationToken).ConfigureAwait(false);
        foreach (var subject in subjects)
        {
            await context.Output.WriteLineAsync($"attested {subject} [{string.Join("+", stores.Select(s => s.Name))}] {statement.PredicateType}").ConfigureAwait(false);
        }
    }
}
