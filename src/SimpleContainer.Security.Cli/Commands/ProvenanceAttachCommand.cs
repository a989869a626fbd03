using System.CommandLine;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Provenance;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc provenance attach --image REF [--source-repo … --git-sha … --workflow-name … --builder-id …] --key F</c>: SLSA v1
/// provenance of an image built elsewhere, from the CI variables and the git checkout here, overridden by the flags.
/// An index gets one statement naming it and every platform manifest, attached to each.
/// </summary>
internal static class ProvenanceAttachCommand
{
    public static Command Create(CliContext context)
    {
        var sourceRepo = new Option<string?>("--source-repo") { Description = "The source repository (default: the CI's, else the git origin here)." };
        var gitSha = new Option<string?>("--git-sha") { Description = "The source commit (default: the CI's, else HEAD here)." };
        var workflow = new Option<string?>("--workflow-name") { Description = "The workflow that built the image (externalParameters.workflow)." };
        var builderId = new Option<string?>("--builder-id") { Description = "The builder id (default: detected from the CI)." };
        var includeEnv = new Option<bool>("--include-env") { Description = "Add the CI system's allow-listed, non-secret fields." };
        var attest = new AttestCommandOptions();
        var command = new Command("attach", "Attach signed SLSA v1 provenance to an image.") { sourceRepo, gitSha, workflow, builderId, includeEnv };
        attest.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = attest.Resolve(result, context, "sc provenance attach");
            using var client = context.CreateClient(result);
            var reference = ImageReference.Parse(result.GetValue(attest.Image)!);
            var pinned = reference.Pinned((await client.ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest);
            var subjects = await ImageSigner.SubjectsAsync(client, pinned, cancellationToken).ConfigureAwait(false);
            var ci = CiEnvironment.Detect(context.GetVariable);
            if (ci.IsLocal && result.GetValue(builderId) is null)
            {
                await context.Error.WriteLineAsync(new Diagnostics.ScDiagnostic(Diagnostics.DiagnosticIds.ProvenanceLocalBuilder, Diagnostics.DiagnosticSeverity.Warning, pinned, CiEnvironment.LocalBuilderId).ToString()).ConfigureAwait(false);
            }

            var now = DateTimeOffset.UtcNow;
            var record = new ImageRecord
            {
                Project = Directory.GetCurrentDirectory(),
                Registry = pinned.Registry,
                Repository = pinned.Repository,
                Tags = reference.Tag is { } tag ? [tag] : [],
                Digest = pinned.Digest!.Value.ToString(),
                MediaType = string.Empty,
                Reference = pinned.ToString(),
                Pushed = true,
                RecordedAt = now,
            };
            var predicate = SlsaProvenance.CreatePredicate(new ProvenanceInputs
            {
                Record = record,
                Ci = ci,
                Git = GitRepository.Read(Directory.GetCurrentDirectory()),
                BuilderId = result.GetValue(builderId),
                SourceRepository = result.GetValue(sourceRepo),
                Commit = result.GetValue(gitSha),
                WorkflowName = result.GetValue(workflow),
                IncludeEnvironment = result.GetValue(includeEnv),
                StartedOn = now,
                FinishedOn = now,
            });
            await AttestCommandOptions.AttestAsync(client, context, options, ImageAttester.Statement(subjects, PredicateTypes.SlsaProvenanceV1, predicate), subjects, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
