using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SimpleContainer.Security.Cli.Release;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Release;
using Spectre.Console;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc release create</c>: discovers the container services of a solution or folder, publishes each with the
/// security hook (bounded parallelism), writes the release summary and tags HEAD. See docs/release.md.
/// </summary>
internal static class ReleaseCreateCommand
{
    public const int CancelledExitCode = 130;

    private static readonly HashSet<string> ConfigurationKeys =
    [
        DiagnosticIds.ReleaseInvalidVersion, DiagnosticIds.ReleaseSourceNotFound, DiagnosticIds.ReleaseNoProjects,
        DiagnosticIds.ReleaseProjectNotInPlan, DiagnosticIds.ReleaseInvalidParallelism, DiagnosticIds.ReleaseProjectEvaluationFailed,
        DiagnosticIds.ReleaseTagExists,
    ];

    public static Command Create(CliContext context)
    {
        var stack = new Option<string>("--stack", "-s") { Description = "The stack (.sc/stacks/<stack>/), passed to each publish as ScSecurityStack.", Required = true };
        var environment = new Option<string>("--environment", "-e") { Description = "The environment, passed to each publish as ScSecurityEnvironment.", Required = true };
        var version = new Option<string>("--version") { Description = "The release version: added to each image's tags and the name of the git tag.", Required = true };
        var solution = new Option<string>("--solution") { Description = "A .sln/.slnx, a project or a folder (default: the current folder).", DefaultValueFactory = _ => "." };
        var projects = new Option<string[]>("--project") { Description = "Release only this project (name or path; repeatable).", AllowMultipleArgumentsPerToken = false };
        var parallel = new Option<int?>("--parallel") { Description = "How many publishes run at once (default: the number of cores)." };
        var failFast = new Option<bool>("--fail-fast") { Description = "Cancel the other publishes at the first failure." };
        var preview = new Option<bool>("--preview") { Description = "Print the plan (projects, images, stages, parallelism) without building." };
        var pushTag = new Option<bool>("--push-tag") { Description = "Push the release tag to origin after a successful release." };
        var output = new Option<string>("--output") { Description = "'table' (default) or 'json' (release.json on stdout).", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var outputDir = new Option<string?>("--output-dir") { Description = "Where release.json, release.md and the publish logs go (default: artifacts/release/<version> beside the solution)." };
        var properties = new Option<string[]>("--property") { Description = "An MSBuild property for every evaluation and publish (NAME=VALUE; repeatable)." };
        var command = new Command("create", "Publish every container service of a solution with SBOM, scan gate, signature and attestation, and write the release summary.")
        {
            stack, environment, version, solution, projects, parallel, failFast, preview, pushTag, output, outputDir, properties,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new ReleaseCreateOptions(
                result.GetValue(stack)!, result.GetValue(environment)!, result.GetValue(version)!, result.GetValue(solution)!, result.GetValue(projects) ?? [],
                result.GetValue(parallel), result.GetValue(failFast), result.GetValue(preview), result.GetValue(pushTag), result.GetValue(output) == "json",
                result.GetValue(outputDir), result.GetValue(properties) ?? []);
            try
            {
                return await RunAsync(context, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ScException ex) when (ConfigurationKeys.Contains(ex.Diagnostic.ResourceKey))
            {
                await context.Error.WriteLineAsync(ex.Diagnostic.Message).ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }
            catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.MsBuildNotFound)
            {
                await context.Error.WriteLineAsync(ex.Diagnostic.Message).ConfigureAwait(false);
                return ExitCodes.ToolMissing;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ReleaseCreateOptions options, CancellationToken cancellationToken)
    {
        var version = ReleaseVersion.Validate(options.Version);
        var parallelism = options.Parallel ?? Environment.ProcessorCount;
        if (parallelism < 1)
        {
            throw new ScException(DiagnosticIds.ReleaseInvalidParallelism, parallelism);
        }

        var globals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Configuration"] = "Release",
            ["ScSecurityStack"] = options.Stack,
            ["ScSecurityEnvironment"] = options.Environment,
        };
        var extra = ParseProperties(options.Properties);
        foreach (var (name, value) in extra)
        {
            globals[name] = value;
        }

        var (source, discovered, excluded) = ProjectDiscovery.Discover(options.Solution, version, globals);
        var selected = Select(discovered, options.Projects, source);
        if (selected.Count == 0)
        {
            throw new ScException(DiagnosticIds.ReleaseNoProjects, source, string.Join("; ", excluded.Select(e => $"{e.Name}: {e.Reason}")));
        }

        var left = excluded.Concat(discovered.Except(selected).Select(p => new ExcludedProject(p.Name, p.ProjectPath, "not named by --project"))).ToList();
        var plan = new ReleasePlan(options.Stack, options.Environment, version, source, selected, left, parallelism, options.FailFast);
        if (options.Preview)
        {
            await PrintPlanAsync(context.Output, plan, options.Json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var workTree = Directory.Exists(source) ? source : Path.GetDirectoryName(source)!;
        var git = new GitReleaseTag(workTree);
        var head = await git.HeadAsync(cancellationToken).ConfigureAwait(false);
        var alreadyTagged = false;
        if (head is null)
        {
            await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseNotInGitWorkTree, DiagnosticSeverity.Warning, workTree).ToString()).ConfigureAwait(false);
        }
        else
        {
            // Before anything is built: a release whose tag already names another commit is refused outright.
            alreadyTagged = await git.EnsureFreeOrOnHeadAsync(version, head, cancellationToken).ConfigureAwait(false);
        }

        var folder = Path.GetFullPath(options.OutputDir ?? Path.Combine(workTree, "artifacts", "release", version));
        using var publisher = CreatePublisher(globals, Path.Combine(folder, "logs"), parallelism, context.GetVariable);
        ReleaseSummary summary;
        try
        {
            var restoring = System.Diagnostics.Stopwatch.StartNew();
            var restoreFailure = await publisher.RestoreAsync(plan.Projects, cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync(restoreFailure is null
                ? new ScDiagnostic(DiagnosticIds.ReleaseRestored, DiagnosticSeverity.Message, plan.Projects.Count, restoring.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Message
                : new ScDiagnostic(DiagnosticIds.ReleaseRestoreFailed, DiagnosticSeverity.Warning, restoreFailure).ToString()).ConfigureAwait(false);
            summary = await RunWithProgressAsync(context, plan, publisher, head, options.Json, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseCancelledByUser, DiagnosticSeverity.Error, version).ToString()).ConfigureAwait(false);
            return CancelledExitCode;
        }

        var (json, markdown) = await ReleaseSummaryFiles.WriteAsync(summary, folder, CancellationToken.None).ConfigureAwait(false);
        if (context.GetVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } stepSummary)
        {
            await ReleaseSummaryFiles.AppendToStepSummaryAsync(summary, stepSummary, CancellationToken.None).ConfigureAwait(false);
        }

        await ReportAsync(context, summary, options.Json).ConfigureAwait(false);
        await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseSummaryWritten, DiagnosticSeverity.Message, json, markdown).Message).ConfigureAwait(false);
        if (!summary.Succeeded)
        {
            var failed = summary.Images.Where(i => i.IsFailure).ToList();
            await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseFailed, DiagnosticSeverity.Error, version, failed.Count, summary.Images.Count, string.Join(", ", failed.Select(f => f.Project))).ToString()).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (head is not null)
        {
            if (!alreadyTagged)
            {
                await git.CreateAsync(version, head, ReleaseMarkdown.Render(summary), CancellationToken.None).ConfigureAwait(false);
            }

            if (options.PushTag)
            {
                await git.PushAsync(version, "origin", CancellationToken.None).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseTagged, DiagnosticSeverity.Message, version, head, options.PushTag ? " and pushed it to origin" : string.Empty).Message).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Kept out of <see cref="RunAsync"/> so that nothing of MSBuild is loaded before discovery has registered the SDK's.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static BuildManagerPublisher CreatePublisher(IReadOnlyDictionary<string, string> globals, string logFolder, int parallelism, Func<string, string?> getVariable) =>
        new(new Dictionary<string, string>(globals, StringComparer.OrdinalIgnoreCase) { ["ScSecurityEnabled"] = "true" }, logFolder, parallelism, getVariable);

    private static async Task<ReleaseSummary> RunWithProgressAsync(CliContext context, ReleasePlan plan, IImagePublisher publisher, string? head, bool json, CancellationToken cancellationToken)
    {
        var live = !json && ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected
            && !string.Equals(context.GetVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!live)
        {
            IReleaseProgress plain = json ? new PlainReleaseProgress(context.Error) : new PlainReleaseProgress(context.Output);
            return await new ReleaseRunner(publisher, plain).RunAsync(plan, head, cancellationToken).ConfigureAwait(false);
        }

        var view = new LiveReleaseView(AnsiConsole.Console, plan.Projects);
        return await view.ShowAsync(() => new ReleaseRunner(publisher, view).RunAsync(plan, head, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task ReportAsync(CliContext context, ReleaseSummary summary, bool json)
    {
        if (json)
        {
            await context.Output.WriteAsync(System.Text.Encoding.UTF8.GetString(ReleaseSummaryFiles.SerializeJson(summary))).ConfigureAwait(false);
            return;
        }

        await context.Output.WriteAsync(ReleaseMarkdown.Render(summary)).ConfigureAwait(false);
        foreach (var image in summary.Images)
        {
            foreach (var error in image.Errors)
            {
                var key = image.Outcome == ReleaseImageOutcome.Cancelled ? DiagnosticIds.ReleaseImageCancelled : DiagnosticIds.ReleaseImageFailed;
                await context.Error.WriteLineAsync(new ScDiagnostic(key, DiagnosticSeverity.Error, image.Project, error).ToString()).ConfigureAwait(false);
            }

            foreach (var stage in image.Stages.Where(s => s.Outcome == "FailedOpen"))
            {
                await context.Error.WriteLineAsync(new ScDiagnostic(DiagnosticIds.ReleaseStageWarning, DiagnosticSeverity.Warning, image.Project, stage.Name, stage.Reason ?? "no reason recorded").ToString()).ConfigureAwait(false);
            }
        }
    }

    private static async Task PrintPlanAsync(TextWriter output, ReleasePlan plan, bool json)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { plan.Version, plan.Stack, plan.Environment, plan.Source, plan.Parallelism, plan.FailFast, ReleasePlan.Stages, plan.Projects, plan.Excluded }, PlanJson)).ConfigureAwait(false);
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"Release {plan.Version} of {plan.Source} (stack {plan.Stack}, environment {plan.Environment}): {plan.Projects.Count} image(s), {plan.Parallelism} at a time{(plan.FailFast ? ", fail-fast" : string.Empty)}; stages {string.Join(" → ", ReleasePlan.Stages)}.").ConfigureAwait(false);
        foreach (var project in plan.Projects)
        {
            await output.WriteLineAsync(string.Create(inv, $"  publish  {project.Name}: {(project.Registry is null ? string.Empty : project.Registry + "/")}{project.Repository}:{string.Join(",", project.Tags)} ({project.Reason})")).ConfigureAwait(false);
        }

        foreach (var excluded in plan.Excluded)
        {
            await output.WriteLineAsync($"  left out {excluded.Name}: {excluded.Reason}").ConfigureAwait(false);
        }
    }

    private static readonly JsonSerializerOptions PlanJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static List<ReleaseProject> Select(IReadOnlyList<ReleaseProject> discovered, IReadOnlyList<string> names, string source)
    {
        if (names.Count == 0)
        {
            return [.. discovered];
        }

        var selected = new List<ReleaseProject>();
        foreach (var name in names)
        {
            var match = discovered.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.ProjectPath, Path.GetFullPath(name), StringComparison.Ordinal))
                ?? throw new ScException(DiagnosticIds.ReleaseProjectNotInPlan, name, source, string.Join(", ", discovered.Select(p => p.Name)));
            if (!selected.Contains(match))
            {
                selected.Add(match);
            }
        }

        return selected;
    }

    private static Dictionary<string, string> ParseProperties(IReadOnlyList<string> properties)
    {
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties)
        {
            var equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException(new ScDiagnostic(DiagnosticIds.CommandLineInvalid, DiagnosticSeverity.Error, $"--property '{property}' is not NAME=VALUE.").Message);
            }

            parsed[property[..equals].Trim()] = property[(equals + 1)..];
        }

        return parsed;
    }
}

internal sealed record ReleaseCreateOptions(
    string Stack, string Environment, string Version, string Solution, IReadOnlyList<string> Projects, int? Parallel, bool FailFast, bool Preview, bool PushTag, bool Json,
    string? OutputDir, IReadOnlyList<string> Properties);
