using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary><c>sc sbom attach --image REF --sbom FILE [--type cyclonedx|spdxjson] --key F</c>: a signed SBOM attestation of the image.</summary>
internal static class SbomAttachCommand
{
    public static Command Create(CliContext context)
    {
        var sbom = new Option<string>("--sbom") { Description = "The SBOM file (CycloneDX or SPDX JSON).", Required = true };
        var type = new Option<string?>("--type") { Description = "cyclonedx or spdxjson (or a predicate type URI); default: from the document." };
        var attest = new AttestCommandOptions();
        var command = new Command("attach", "Attach a signed SBOM attestation (in-toto, DSSE) to an image, as cosign attest --type cyclonedx|spdxjson does.") { sbom, type };
        attest.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = attest.Resolve(result, context, "sc sbom attach");
            var path = Path.GetFullPath(result.GetValue(sbom)!);
            var document = Read(path);
            var predicateType = result.GetValue(type) is { Length: > 0 } given ? PredicateTypes.Parse(given) : Detect(document, path);
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(attest.Image)!);
            var subject = reference.Pinned((await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest);
            await AttestCommandOptions.AttestAsync(client, context, options, ImageAttester.Statement([subject], predicateType, document), [subject], cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonNode Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) ?? throw new ScException(DiagnosticIds.AttestationInputInvalid, path, "an SBOM", "the file is JSON null");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.AttestationInputInvalid, path, "an SBOM", ex.Message);
        }
    }

    private static string Detect(JsonNode document, string path) =>
        document["bomFormat"]?.GetValueKind() == JsonValueKind.String && (string?)document["bomFormat"] == "CycloneDX" ? PredicateTypes.CycloneDx
        : document["spdxVersion"] is not null ? PredicateTypes.Spdx
        : throw new ScException(DiagnosticIds.AttestationInputInvalid, path, "an SBOM", "it is neither CycloneDX (bomFormat) nor SPDX (spdxVersion); pass --type");
}
