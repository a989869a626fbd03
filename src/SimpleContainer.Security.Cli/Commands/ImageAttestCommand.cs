using System.CommandLine;
using System.Text.Json;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc image attest --attach FILE… --image REF --key PUB [--format legacy|bundle|both]</c>: the attest twin of
/// <c>sc image sign --attach-bundle</c>. Uploads the DSSE envelopes an archive-mode publish wrote
/// (<c>sc-security/*.dsse.json</c>) after the image was pushed: each is verified with the public key first, and attached
/// to the image or platform manifest its statement is about; an envelope about none of them is refused.
/// </summary>
internal static class ImageAttestCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string>("--image") { Description = "The pushed image (a tag is resolved to its digest; an index's platform manifests are matched too).", Required = true };
        var attach = new Option<string[]>("--attach") { Description = "A DSSE envelope file made in archive mode (sc-security/*.dsse.json); repeatable.", Required = true, AllowMultipleArgumentsPerToken = true };
        var key = new Option<string>("--key") { Description = "The public key (cosign.pub) each envelope must verify with before it is uploaded.", Required = true };
        var format = new Option<string?>("--format") { Description = "legacy (cosign .att tag), bundle (Sigstore bundle referrer) or both (default legacy)." };
        var command = new Command("attest", "Upload attestations made in archive mode (DSSE envelopes) to the pushed image, after verifying them.") { image, attach, key, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var layouts = SigningFormats.Parse(result.GetValue(format));
            var publicKey = KeyFiles.LoadPublicKey(result.GetValue(key)!);
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(image)!);
            var top = reference.Pinned((await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest);
            var subjects = await ImageSigner.SubjectsAsync(client, top, cancellationToken).ConfigureAwait(false);
            var stores = AttestationStores.For(client, layouts, context.GetVariable(CosignConventions.RepositoryVariable));
            foreach (var path in result.GetValue(attach)!)
            {
                var envelope = Read(path);
                var matching = subjects.Where(s => AttestationVerifier.Check(new StoredAttestation("file", envelope, null), s.Digest!.Value, publicKey, new AttestationExpectations()).Verified).ToList();
                if (matching.Count == 0)
                {
                    var why = AttestationVerifier.Check(new StoredAttestation("file", envelope, null), top.Digest!.Value, publicKey, new AttestationExpectations());
                    throw new ScException(DiagnosticIds.AttestationInputInvalid, path, "an attestation of " + top, $"{why.FailedCheck} check failed: {why.Detail}");
                }

                var statement = InTotoStatement.Parse(envelope.PayloadBytes);
                foreach (var subject in matching)
                {
                    foreach (var store in stores)
                    {
                        await store.AttachAsync(subject, new SignedAttestation(envelope, new SignatureMaterial([]), statement.PredicateType, publicKey.Hint), cancellationToken).ConfigureAwait(false);
                    }

                    await context.Output.WriteLineAsync($"attached {path} ({statement.PredicateType}) to {subject} [{string.Join("+", stores.Select(s => s.Name))}]").ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DsseEnvelope Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<DsseEnvelope>(File.ReadAllBytes(path), OciJson.Options) ?? throw new JsonException("the file is JSON null");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.AttestationInputInvalid, path, "a DSSE envelope", ex.Message);
        }
    }
}
