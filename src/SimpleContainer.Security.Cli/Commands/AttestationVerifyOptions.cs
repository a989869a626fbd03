using System.CommandLine;
using System.Text.Json;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Sigstore.Verification;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// The verify half of <c>sc sbom verify</c> and <c>sc provenance verify</c>: reads both layouts, checks signature,
/// subject digest, predicate type and expectations, prints one line per attestation naming the failed check; exit 1
/// when none verifies. <c>--output</c> writes the verified predicate. Without <c>--key</c>, keyless attestations are
/// verified by identity, with the flags and codes of <c>sc image verify</c>.
/// </summary>
internal sealed class AttestationVerifyOptions(string typeDescription)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Option<string> Image { get; } = new("--image") { Description = "The image whose attestations to verify (a tag is resolved to its digest first).", Required = true };

    public Option<string?> Key { get; } = new("--key") { Description = "The public key (cosign.pub). Without it, keyless attestations are verified by identity." };

    public Option<string?> Identity { get; } = new("--certificate-identity") { Description = "Keyless: the exact identity (certificate SAN) the signer must have." };

    public Option<string?> IdentityRegexp { get; } = new("--certificate-identity-regexp") { Description = "Keyless: a regular expression the signer's identity must match." };

    public Option<string?> Issuer { get; } = new("--certificate-oidc-issuer") { Description = "Keyless: the exact OIDC issuer, such as https://token.actions.githubusercontent.com." };

    public Option<string?> IssuerRegexp { get; } = new("--certificate-oidc-issuer-regexp") { Description = "Keyless: a regular expression the OIDC issuer must match." };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Keyless: a Sigstore trusted_root.json (default: the shipped public-good root)." };

    public Option<string?> Type { get; } = new("--type") { Description = typeDescription };

    public Option<string?> Output { get; } = new("--output") { Description = "Write the verified predicate (the SBOM, the provenance) to this file." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Image, Key, Identity, IdentityRegexp, Issuer, IssuerRegexp, TrustedRoot, Type, Output })
        {
            command.Options.Add(option);
        }
    }

    public async Task<int> VerifyAsync(ParseResult result, CliContext context, IReadOnlyList<string> predicateTypes, AttestationExpectations expectations, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient(result);
        var reference = ImageReference.Parse(result.GetValue(Image)!);
        var subject = reference.Pinned((await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest);
        KeylessSignatureAuthority? keyless = null;
        IVerificationKey publicKey = result.GetValue(Key) is { Length: > 0 } keyPath
            ? KeyFiles.LoadPublicKey(keyPath)
            : keyless = new KeylessSignatureAuthority(new KeylessVerifier(
                Sigstore.Trust.TrustedRoot.Load(result.GetValue(TrustedRoot)),
                IdentityPolicy.Create(result.GetValue(Identity), result.GetValue(IdentityRegexp), result.GetValue(Issuer), result.GetValue(IssuerRegexp))));
        var verifier = new AttestationVerifier(AttestationStores.For(client, SigningFormat.Both, context.GetVariable(CosignConventions.RepositoryVariable)));
        AttestationVerdict? verified = null;
        var verdicts = new List<AttestationVerdict>();
        foreach (var predicateType in predicateTypes)
        {
            var report = await verifier.VerifyAsync(subject, publicKey, expectations with { PredicateType = predicateType }, cancellationToken).ConfigureAwait(false);
            verdicts.AddRange(report.Verdicts);
            foreach (var verdict in report.Verdicts)
            {
                await context.Output.WriteLineAsync($"{(verdict.Verified ? "ok  " : "FAIL")} {subject} [{verdict.Layout}] {(verdict.Verified ? verdict.Detail : $"{verdict.FailedCheck} check failed: {verdict.Detail}")}").ConfigureAwait(false);
            }

            verified ??= report.VerifiedAttestations.FirstOrDefault();
        }

        foreach (var verdict in keyless?.Verdicts.DistinctBy(v => v.LogIndex) ?? [])
        {
            await context.Output.WriteLineAsync(new Diagnostics.ScDiagnostic(Diagnostics.DiagnosticIds.KeylessSignatureVerified, Diagnostics.DiagnosticSeverity.Message, subject, verdict.Identity.Identity, verdict.Identity.Issuer ?? "(none)", verdict.LogIndex, verdict.SignedAt.ToString("O")).Message).ConfigureAwait(false);
        }

        if (verified is null)
        {
            await context.Error.WriteLineAsync(new Diagnostics.ScException(Diagnostics.DiagnosticIds.AttestationNotVerified, subject, string.Join(" or ", predicateTypes), verdicts.Count,
                verdicts.Count == 0 ? "no attestation was found" : string.Join("; ", verdicts.Select(v => $"{v.Layout}: {v.FailedCheck} check failed: {v.Detail}"))).Diagnostic.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (result.GetValue(Output) is { Length: > 0 } output)
        {
            await AtomicFile.WriteAllBytesAsync(Path.GetFullPath(output), JsonSerializer.SerializeToUtf8Bytes(verified.Statement!.Predicate, Indented), cancellationToken).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync(new Diagnostics.ScDiagnostic(Diagnostics.DiagnosticIds.AttestationVerified, Diagnostics.DiagnosticSeverity.Message, subject, verified.Statement!.PredicateType, verdicts.Count(v => v.Verified)).Message).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
