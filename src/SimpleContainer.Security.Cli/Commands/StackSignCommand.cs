using System.CommandLine;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary><c>sc stack sign</c>: signs every image recorded by the last publish of each project below a folder (their image.json).</summary>
internal static class StackSignCommand
{
    public static Command Create(CliContext context)
    {
        var root = new Option<string>("--root") { Description = "The folder to search for sc-security/image.json files.", DefaultValueFactory = _ => "." };
        var key = new Option<string>("--key") { Description = "The private key (cosign.key or PEM); its password comes from COSIGN_PASSWORD.", Required = true };
        var format = new Option<string>("--format") { Description = "legacy, bundle or both.", DefaultValueFactory = _ => "legacy" };
        var command = new Command("sign", "Sign every image recorded by the last publish of each project (sc-security/image.json).") { root, key, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var records = ImageRecordFinder.Find(result.GetValue(root)!);
            if (records.Count == 0)
            {
                await context.Error.WriteLineAsync($"No sc-security/image.json below {Path.GetFullPath(result.GetValue(root)!)}: publish with an Sc*Enabled switch on first.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            using var client = context.CreateClient(result);
            using var signer = KeyFileSigner.Load(result.GetValue(key)!, SigningPassword.FromEnvironment(context.GetVariable));
            var stores = SignatureStores.For(client, SigningFormats.Parse(result.GetValue(format)), context.GetVariable);
            var status = ExitCodes.Ok;
            foreach (var path in records)
            {
                var record = await ImageRecordStore.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                if (record.Reference is null)
                {
                    await context.Error.WriteLineAsync($"skipped {record.Project}: its image was not pushed (archive mode)").ConfigureAwait(false);
                    status = ExitCodes.Failure;
                    continue;
                }

                var subjects = await new ImageSigner(client, stores).SignAsync(ImageReference.Parse(record.Reference), signer, null, cancellationToken).ConfigureAwait(false);
                foreach (var subject in subjects)
                {
                    (await new SignatureVerifier(stores).VerifyAsync(subject, signer, new VerificationPolicy(), cancellationToken).ConfigureAwait(false)).EnsureVerified();
                    await context.Output.WriteLineAsync($"signed {subject}").ConfigureAwait(false);
                }
            }

            return status;
        });
        return command;
    }
}
