using System.CommandLine;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary><c>sc image verify --image REF --key F</c>: reads both layouts and reports every signature; exit 1 when none verifies.</summary>
internal static class ImageVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string>("--image") { Description = "The image to verify (a tag is resolved to its digest first).", Required = true };
        var key = new Option<string>("--key") { Description = "The public key (cosign.pub).", Required = true };
        var annotations = Annotations.CreateOption("An annotation the signature must carry (key=value; repeatable).");
        var recursive = new Option<bool>("--recursive") { Description = "For an index, also verify every platform manifest." };
        var anyRepository = new Option<bool>("--unsafe-any-repository") { Description = "Accept signatures that name another repository (for example after a copy)." };
        var command = new Command("verify", "Verify an image's signatures with a public key (cosign .sig tags and Sigstore bundle referrers).") { image, key, annotations, recursive, anyRepository };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(image)!);
            var publicKey = KeyFiles.LoadPublicKey(result.GetValue(key)!);
            var policy = new VerificationPolicy { RequiredAnnotations = Annotations.Parse(result.GetValue(annotations)), RequireMatchingRepository = !result.GetValue(anyRepository) };
            var subjects = result.GetValue(recursive)
                ? await ImageSigner.SubjectsAsync(client, reference, cancellationToken).ConfigureAwait(false)
                : [reference.Pinned((await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest)];
            var verifier = new SignatureVerifier(SignatureStores.For(client, SigningFormat.Both, context.GetVariable));
            var failed = false;
            foreach (var subject in subjects)
            {
                var report = await verifier.VerifyAsync(subject, publicKey, policy, cancellationToken).ConfigureAwait(false);
                foreach (var check in report.Checks)
                {
                    await context.Output.WriteLineAsync($"{(check.Verified ? "ok  " : "FAIL")} {subject} [{check.Layout}] {check.Detail}").ConfigureAwait(false);
                }

                if (report.Failure is { } failure)
                {
                    failed = true;
                    await context.Error.WriteLineAsync(failure.Message).ConfigureAwait(false);
                }
            }

            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
