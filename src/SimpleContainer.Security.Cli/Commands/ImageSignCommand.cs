using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary><c>sc image sign --image REF --key F [--format legacy|bundle|both] [-a k=v]…</c>, or <c>--attach-bundle FILE</c>.</summary>
internal static class ImageSignCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string>("--image") { Description = "The image to sign (a tag is resolved to its digest first).", Required = true };
        var key = new Option<string?>("--key") { Description = "The private key (cosign.key or PEM); its password comes from COSIGN_PASSWORD." };
        var signing = new SigningCommandOptions("An annotation to sign with the image (key=value; repeatable).");
        var attach = new Option<string?>("--attach-bundle") { Description = "Upload a signature bundle made in archive mode (sc-security/signature.bundle.json) instead of signing." };
        var outputDirectory = new Option<string?>("--output-dir") { Description = "Also write signature.json (what was signed, in which layouts, with which key) to this folder." };
        var command = new Command("sign", "Sign an image by digest (an index and all its platform manifests), cosign-compatible.") { image, key, attach, outputDirectory };
        signing.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(image)!);
            if (result.GetValue(attach) is { } bundlePath)
            {
                return await AttachAsync(context, client, reference, bundlePath, cancellationToken).ConfigureAwait(false);
            }

            var signed = signing.SignedAnnotations(result);
            var options = signing.Settings(result, key, "sc image sign").Resolve(context, signed).Signing;
            var keyless = KeylessSigning.Applies(options, context.GetVariable);
            if (options.KeyPath is null && !keyless)
            {
                throw new ScException(DiagnosticIds.SigningKeyMissing, reference);
            }

            // A key that cannot be read or decrypted is the user's to fix, before anything is asked of the registry.
            if (options.Provider == SigningProvider.Builtin && !keyless)
            {
                using var preflight = KeyFileSigner.Load(options.KeyPath!, SigningPassword.Resolve(options.PasswordReference, context.GetVariable, new StackSecrets(Directory.GetCurrentDirectory(), options.Stack)));
            }

            // The same stage the publish runs: layouts, annotations, provider, password references, verification of every layout.
            var resolved = await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            var pinned = reference.Pinned(resolved.Digest);
            var record = new ImageRecord
            {
                Project = reference.ToString(),
                Registry = reference.Registry,
                Repository = reference.Repository,
                Digest = resolved.Digest.ToString(),
                MediaType = resolved.MediaType,
                Reference = pinned.ToString(),
                Pushed = true,
            };
            var folder = result.GetValue(outputDirectory) is { Length: > 0 } chosen ? SecurityArtifactLayout.InFolder(chosen) : null;
            var stage = await new SigningStage(client, context.GetVariable).RunAsync(record, folder, options with { Required = true }, cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in stage.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message))
            {
                await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            if (stage.Outcome != StageOutcome.Succeeded)
            {
                return stage.Diagnostics.Select(ExitCodes.For).DefaultIfEmpty(ExitCodes.Failure).Max();
            }

            var layouts = options.Provider == SigningProvider.Cosign ? SigningFormat.Legacy : options.Format;
            await context.Output.WriteLineAsync($"signed {pinned} ({string.Join("+", SignatureStores.For(client, layouts, context.GetVariable).Select(s => s.Name))})").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> AttachAsync(CliContext context, Oci.Registry.RegistryClient client, ImageReference reference, string bundlePath, CancellationToken cancellationToken)
    {
        var bundle = SigstoreBundle.Parse(await File.ReadAllBytesAsync(bundlePath, cancellationToken).ConfigureAwait(false));
        var resolved = await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var subject = reference.Pinned(resolved.Digest);
        var statement = Attestation.InTotoStatement.Parse(bundle.Envelope.PayloadBytes);
        if (!statement.Subject.Any(s => s.Digest.GetValueOrDefault(resolved.Digest.Algorithm) == resolved.Digest.Hex))
        {
            throw new ScException(DiagnosticIds.SigningFailed, subject, $"the bundle {bundlePath} signs another digest than {resolved.Digest}; it belongs to another image");
        }

        await new BundleReferrerLayout(client).AttachAsync(subject, bundle, cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync($"attached {bundlePath} to {subject}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
