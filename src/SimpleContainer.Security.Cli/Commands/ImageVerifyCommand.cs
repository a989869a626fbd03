using System.CommandLine;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Sigstore.Trust;
using SimpleContainer.Security.Sigstore.Verification;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc image verify --image REF (--key F | --certificate-identity[-regexp] X --certificate-oidc-issuer[-regexp] Y
/// [--trusted-root F])</c>: reads both layouts and reports every signature; exit 1 when none verifies.
/// </summary>
internal static class ImageVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string>("--image") { Description = "The image to verify (a tag is resolved to its digest first).", Required = true };
        var key = new Option<string?>("--key") { Description = "The public key (cosign.pub). Without it, keyless signatures are verified by identity." };
        var identity = new Option<string?>("--certificate-identity") { Description = "Keyless: the exact identity (certificate SAN) the signer must have." };
        var identityRegexp = new Option<string?>("--certificate-identity-regexp") { Description = "Keyless: a regular expression the signer's identity must match." };
        var issuer = new Option<string?>("--certificate-oidc-issuer") { Description = "Keyless: the exact OIDC issuer, such as https://token.actions.githubusercontent.com." };
        var issuerRegexp = new Option<string?>("--certificate-oidc-issuer-regexp") { Description = "Keyless: a regular expression the OIDC issuer must match." };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "Keyless: a Sigstore trusted_root.json (default: the shipped public-good root)." };
        var tufUrl = new Option<string?>("--tuf-url") { Description = $"Keyless: the TUF repository whose trusted_root.json target is the trusted root when --trusted-root is not given (default {TrustedRootOptions.PublicGoodTufUrl})." };
        var tufRoot = new Option<string?>("--tuf-root") { Description = "Keyless: the initial root.json of that TUF repository (a private Sigstore; default: the shipped public-good root)." };
        var annotations = Annotations.CreateOption("An annotation the signature must carry (key=value; repeatable).");
        var recursive = new Option<bool>("--recursive") { Description = "For an index, also verify every platform manifest." };
        var anyRepository = new Option<bool>("--unsafe-any-repository") { Description = "Accept signatures that name another repository (for example after a copy)." };
        var command = new Command("verify", "Verify an image's signatures with a public key (cosign .sig tags and Sigstore bundle referrers).") { image, key, identity, identityRegexp, issuer, issuerRegexp, trustedRoot, tufUrl, tufRoot, annotations, recursive, anyRepository };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(image)!);
            KeylessSignatureAuthority? keyless = null;
            IVerificationKey publicKey = result.GetValue(key) is { Length: > 0 } keyPath
                ? KeyFiles.LoadPublicKey(keyPath)
                : keyless = new KeylessSignatureAuthority(new KeylessVerifier(
                    await TrustedRootCommandOptions.ResolveAsync(context, result.GetValue(trustedRoot), result.GetValue(tufUrl), result.GetValue(tufRoot), cancellationToken).ConfigureAwait(false),
                    IdentityPolicy.Create(result.GetValue(identity), result.GetValue(identityRegexp), result.GetValue(issuer), result.GetValue(issuerRegexp))));
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

                foreach (var verdict in keyless?.Verdicts.DistinctBy(v => v.LogIndex) ?? [])
                {
                    await context.Output.WriteLineAsync(new ScDiagnostic(DiagnosticIds.KeylessSignatureVerified, DiagnosticSeverity.Message, subject, verdict.Identity.Identity, verdict.Identity.Issuer ?? "(none)", verdict.LogIndex, verdict.SignedAt.ToString("O")).Message).ConfigureAwait(false);
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
