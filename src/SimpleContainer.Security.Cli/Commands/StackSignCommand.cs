using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc stack sign</c>: signs every image recorded by the last publish of each project below a folder (their
/// image.json) with the MSBuild signing stage itself: the same layouts, annotations, provider, password references,
/// <c>signature.json</c> beside the record, and verification of every layout written.
/// </summary>
internal static class StackSignCommand
{
    public static Command Create(CliContext context)
    {
        var root = new Option<string>("--root") { Description = "The folder to search for sc-security/image.json files.", DefaultValueFactory = _ => "." };
        var key = new Option<string>("--key") { Description = "The private key (cosign.key or PEM); its password comes from COSIGN_PASSWORD or --password.", Required = true };
        var format = new Option<string?>("--format") { Description = $"legacy, bundle or both (default {SecuritySettings.DefaultSigningFormat})." };
        var provider = new Option<string?>("--provider") { Description = $"builtin or cosign (default {SecuritySettings.DefaultSigningProvider})." };
        var password = new Option<string?>("--password") { Description = "A reference to the key password: ${secret:NAME} (the stack's secrets.yaml) or ${env:VAR}; never the password." };
        var stack = new Option<string?>("--stack") { Description = "The Simple Container stack whose secrets.yaml ${secret:…} reads." };
        var annotations = Annotations.CreateOption("An annotation to sign with each image (key=value; repeatable).");
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip reading the signatures back to verify them." };
        var command = new Command("sign", "Sign every image recorded by the last publish of each project (sc-security/image.json).") { root, key, format, provider, password, stack, annotations, noVerify };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new CliSettings(result)
                .Add(key, SecuritySettings.SigningKey)
                .Add(format, SecuritySettings.SigningFormatSetting)
                .Add(provider, SecuritySettings.SigningProviderSetting)
                .Add(password, SecuritySettings.SigningPassword)
                .Add(stack, SecuritySettings.Stack)
                .Add(noVerify, SecuritySettings.VerifyAfterSigning, v => v ? "false" : "true")
                .Implied(SecuritySettings.SigningEnabled, "true", "sc stack sign")
                .Resolve(context, Annotations.Parse(result.GetValue(annotations)));
            var records = ImageRecordFinder.Find(result.GetValue(root)!);
            if (records.Count == 0)
            {
                await context.Error.WriteLineAsync($"No sc-security/image.json below {Path.GetFullPath(result.GetValue(root)!)}: publish with an Sc*Enabled switch on first.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            using var client = context.CreateClient(result);
            var stage = new SigningStage(client, context.GetVariable);
            var status = ExitCodes.Ok;
            foreach (var path in records)
            {
                var record = await ImageRecordStore.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                var signed = await stage.RunAsync(record, SecurityArtifactLayout.ForImageRecord(path), options.Signing with { Required = true }, cancellationToken).ConfigureAwait(false);
                foreach (var diagnostic in signed.Diagnostics)
                {
                    await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }

                var code = signed.Outcome == StageOutcome.Succeeded ? ExitCodes.Ok : signed.Diagnostics.Select(ExitCodes.For).DefaultIfEmpty(ExitCodes.Failure).Max();
                await context.Output.WriteLineAsync($"{(code == ExitCodes.Ok ? "signed" : "FAILED")} {record.Subject} ({record.Project})").ConfigureAwait(false);
                status = Math.Max(status, code);
            }

            return status;
        });
        return command;
    }
}
