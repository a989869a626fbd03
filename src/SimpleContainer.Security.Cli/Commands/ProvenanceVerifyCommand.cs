using System.CommandLine;
using SimpleContainer.Security.Attestation;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc provenance verify --image REF (--key F | --certificate-identity[-regexp] X --certificate-oidc-issuer[-regexp] Y) [--expected-builder-id … --expected-source-uri … --expected-commit …] [--output FILE]</c>.
/// </summary>
internal static class ProvenanceVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var verify = new AttestationVerifyOptions("The predicate type (default slsaprovenance1).");
        var builder = new Option<string?>("--expected-builder-id") { Description = "The builder id the provenance must name." };
        var source = new Option<string?>("--expected-source-uri") { Description = "The source repository it must name (https://github.com/org/repo)." };
        var commit = new Option<string?>("--expected-commit") { Description = "The git commit it must name." };
        var command = new Command("verify", "Verify an image's SLSA provenance: signature, subject digest, predicate type and the expected builder, source and commit.") { builder, source, commit };
        verify.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var type = result.GetValue(verify.Type) is { Length: > 0 } given ? PredicateTypes.Parse(given) : PredicateTypes.SlsaProvenanceV1;
            var expectations = new AttestationExpectations { BuilderId = result.GetValue(builder), SourceUri = result.GetValue(source), Commit = result.GetValue(commit) };
            return verify.VerifyAsync(result, context, [type], expectations, cancellationToken);
        });
        return command;
    }
}
