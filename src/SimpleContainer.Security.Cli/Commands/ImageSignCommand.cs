using System.CommandLine;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
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
        var format = new Option<string>("--format") { Description = "legacy (cosign .sig tag), bundle (Sigstore bundle referrer) or both.", DefaultValueFactory = _ => "legacy" };
        var annotations = Annotations.CreateOption("An annotation to sign with the image (key=value; repeatable).");
        var attach = new Option<string?>("--attach-bundle") { Description = "Upload a signature bundle made in archive mode (sc-security/signature.bundle.json) instead of signing." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip reading the signature back to verify it." };
        var command = new Command("sign", "Sign an image by digest (an index and all its platform manifests), cosign-compatible.") { image, key, format, annotations, attach, noVerify };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(image)!);
            if (result.GetValue(attach) is { } bundlePath)
            {
                return await AttachAsync(context, client, reference, bundlePath, cancellationToken).ConfigureAwait(false);
            }

            var keyPath = result.GetValue(key) ?? throw new ScException(DiagnosticIds.SigningKeyMissing, reference);
            var signingFormat = SigningFormats.Parse(result.GetValue(format));
            var signed = Annotations.Parse(result.GetValue(annotations));
            using var signer = KeyFileSigner.Load(keyPath, SigningPassword.FromEnvironment(context.GetVariable));
            var stores = SignatureStores.For(client, signingFormat, context.GetVariable);
            var subjects = await new ImageSigner(client, stores).SignAsync(reference, signer, signed, cancellationToken).ConfigureAwait(false);
            foreach (var subject in subjects)
            {
                if (!result.GetValue(noVerify))
                {
                    (await new SignatureVerifier(stores).VerifyAsync(subject, signer, new VerificationPolicy { RequiredAnnotations = signed }, cancellationToken).ConfigureAwait(false)).EnsureVerified();
                }

                await context.Output.WriteLineAsync($"signed {subject} ({string.Join("+", stores.Select(s => s.Name))})").ConfigureAwait(false);
            }

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
