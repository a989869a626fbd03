using System.CommandLine;
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
        var signing = new SigningCommandOptions("An annotation to sign with each image (key=value; repeatable).");
        var command = new Command("sign", "Sign every image recorded by the last publish of each project (sc-security/image.json).") { root, key };
        signing.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = signing.Settings(result, key, "sc stack sign").Resolve(context, signing.SignedAnnotations(result));
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
