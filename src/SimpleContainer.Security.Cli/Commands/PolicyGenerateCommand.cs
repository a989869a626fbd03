using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Policy;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc policy generate [-s -e | -c] [--kind policy-controller|kyverno|both]</c>: the admission policies (Sigstore
/// policy-controller ClusterImagePolicy, Kyverno ClusterPolicy) that admit exactly what this configuration signs, as
/// YAML documents on stdout. The provenance's source is <c>--source</c>, else the origin remote of the git repository
/// holding the stack; with neither, a warning says the policy checks the builder id only.
/// </summary>
internal static class PolicyGenerateCommand
{
    public static Command Create(CliContext context)
    {
        var selection = new StackSelectionOptions();
        var kind = new Option<string>("--kind") { Description = "policy-controller, kyverno or both.", DefaultValueFactory = _ => "both" };
        kind.AcceptOnlyFromAmong("policy-controller", "kyverno", "both");
        var images = new Option<string[]>("--image") { Description = "The images the policy applies to, as globs (repeatable; default every image: **).", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string?>("--name") { Description = "metadata.name of the policies (default sc-<stack>-<environment>)." };
        var builderId = new Option<string?>("--builder-id") { Description = "The provenance builder id to require (default provenance.builder.id of the configuration)." };
        var source = new Option<string?>("--source") { Description = "The source the provenance must name: a prefix of a resolvedDependencies URI, such as git+https://github.com/org/repo (default: the origin remote of the git repository holding the stack)." };
        var command = new Command("generate", "Generate the admission policies (policy-controller, Kyverno) that admit what this configuration signs.") { kind, images, name, builderId, source };
        selection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var optionsContext = selection.Context(result, context);
            var (settings, diagnostics, stack) = SecurityOptions.ResolveSettings(selection.Settings(result), optionsContext);
            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                throw new ConfigurationErrorsException(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
            }

            foreach (var warning in diagnostics)
            {
                await context.Error.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
            }

            var policyName = result.GetValue(name) ?? DefaultName(settings);
            var globs = result.GetValue(images) is { Length: > 0 } given ? given : ["**"];
            var givenSource = result.GetValue(source);
            var fromGit = givenSource is { Length: > 0 } ? new GitSource([], null)
                : ProvenanceSourceFromGit.Find(stack.File is { } file ? Path.GetDirectoryName(file)! : optionsContext.ProjectDirectory);
            var input = AdmissionPolicySource.Create(settings, optionsContext, policyName, globs, result.GetValue(builderId), givenSource, fromGit.Repositories);
            if (input.Provenance is { SourceUriPrefix: null, SourceRepositories.Count: 0 })
            {
                // Without a source the policy admits provenance from any repository the builder builds: say so, never silently.
                await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.PolicySourceUnknown, DiagnosticSeverity.Warning, fromGit.Missing ?? "none is known").ToString()).ConfigureAwait(false);
            }

            var documents = new List<string>();
            if (result.GetValue(kind) is "policy-controller" or "both")
            {
                documents.Add(AdmissionPolicyGenerator.ClusterImagePolicy(input));
            }

            if (result.GetValue(kind) is "kyverno" or "both")
            {
                documents.Add(AdmissionPolicyGenerator.KyvernoClusterPolicy(input));
            }

            await context.Output.WriteAsync(string.Join("---\n", documents)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string DefaultName(ResolvedSettings settings)
    {
        var parts = new[] { "sc", settings.Text(SecuritySettings.Stack), settings.Text(SecuritySettings.Environment) }.Where(p => !string.IsNullOrEmpty(p));
        var name = new string(string.Join("-", parts).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray()).Trim('-');
        return name.Length > 63 ? name[..63].TrimEnd('-') : name;
    }
}
