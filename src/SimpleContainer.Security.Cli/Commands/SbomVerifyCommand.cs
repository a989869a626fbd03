using System.CommandLine;
using SimpleContainer.Security.Attestation;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc sbom verify --image REF (--key F | --certificate-identity[-regexp] X --certificate-oidc-issuer[-regexp] Y
/// [--trusted-root F]) [--type …] [--output FILE]</c>: verifies the image's SBOM attestation.
/// </summary>
internal static class SbomVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var verify = new AttestationVerifyOptions("cyclonedx or spdxjson (or a predicate type URI); default: either.");
        var command = new Command("verify", "Verify an image's SBOM attestation with a public key or by keyless identity, and optionally write the SBOM out.");
        verify.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            IReadOnlyList<string> types = result.GetValue(verify.Type) is { Length: > 0 } given ? [PredicateTypes.Parse(given)] : [PredicateTypes.CycloneDx, PredicateTypes.Spdx];
            return verify.VerifyAsync(result, context, types, new AttestationExpectations(), cancellationToken);
        });
        return command;
    }
}
