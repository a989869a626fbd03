using System.Diagnostics;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Logging;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// Publishes the release's projects in this process through one MSBuild <see cref="BuildManager"/>: one build session
/// whose out-of-process nodes (as many as the release's parallelism; node reuse off, no in-process node) are shared by
/// every publish, so MSBuild, the SDK's tasks and ours are loaded and JIT-compiled once per node instead of once per
/// publish (measured against child <c>dotnet publish</c> processes: docs/release.md). Each publish is a submission of
/// <c>Publish;PublishContainer</c> with the global properties <c>dotnet publish</c> gives, the release's and the
/// image's tags; the hook's outputs come back as the project's state after the build, its events through
/// <see cref="PublishEventRouter"/>. Cancellation (Ctrl+C, <c>--fail-fast</c>) cancels every submission at once.
/// Only created after the MSBuild locator has registered the SDK's MSBuild (<see cref="ProjectDiscovery"/>).
/// </summary>
internal sealed class BuildManagerPublisher : IImagePublisher, IDisposable
{
    /// <summary>The hook's outputs: where it recorded the image, and each stage's outcome.</summary>
    private static readonly string[] HookOutputs = ["ScImageRecordPath", "ScSecurityStageOutcomes"];

    private readonly IReadOnlyDictionary<string, string> globalProperties;
    private readonly string logFolder;
    private readonly int nodes;
    private readonly TimeProvider clock;
    private readonly Func<string, string?> getVariable;
    private readonly BuildManager manager = new("sc-release");
    private readonly PublishEventRouter router = new();
    private readonly Lock gate = new();
    private PublishEnvironment? environment;
    private bool started;
    private bool restoredTogether;

    /// <param name="globalProperties">Every publish's global properties (the release's, the stack's, the user's <c>--property</c>).</param>
    /// <param name="logFolder">Where each publish's log (<c>&lt;project&gt;.log</c>) and the shared restore's solution go.</param>
    /// <param name="nodes">How many MSBuild nodes build at once: the release's parallelism.</param>
    /// <param name="getVariable">The command's view of the environment (<see cref="PublishEnvironment"/>).</param>
    /// <param name="time">The clock of the stage times.</param>
    public BuildManagerPublisher(IReadOnlyDictionary<string, string> globalProperties, string logFolder, int nodes, Func<string, string?> getVariable, TimeProvider? time = null)
    {
        this.getVariable = getVariable;
        this.globalProperties = PublishProperties(globalProperties);
        this.logFolder = logFolder;
        this.nodes = Math.Max(1, nodes);
        clock = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Restores every project of the release once, as the session's first submission (as <c>msbuild -restore</c> does:
    /// the target <c>Restore</c> of a solution of just those projects, under a restore session id, clearing the caches
    /// after it so the publishes evaluate the restored imports), so that no publish restores on its own: a warm publish
    /// spent about half its CPU time on its own no-op restore (measured, docs/release.md). When it fails, each publish
    /// restores its own project first and reports its own errors.
    /// </summary>
    /// <returns>Null when the restore succeeded, else its errors.</returns>
    public async Task<string?> RestoreAsync(IReadOnlyList<ReleaseProject> projects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var failure = await RestoreAsync(projects, "restore", cancellationToken).ConfigureAwait(false);
        restoredTogether = failure is null;
        return failure;
    }

    public async Task<ReleaseImageResult> PublishAsync(ReleaseProject project, Action<string> stageStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(stageStarted);
        cancellationToken.ThrowIfCancellationRequested();
        var startedAt = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        stageStarted(ReleasePlan.Stages[0]);
        if (!restoredTogether && await RestoreAsync([project], $"restore-{project.Name}", cancellationToken).ConfigureAwait(false) is { } restoreFailure)
        {
            return NotRecorded(project, [$"the restore failed: {restoreFailure}"], built: false, watch);
        }

        var request = new BuildRequestData(
            project.ProjectPath, GlobalPropertiesWith(("ContainerImageTags", string.Join(';', project.Tags))), null, ["Publish", "PublishContainer"], null,
            BuildRequestDataFlags.ProvideSubsetOfStateAfterBuild,
            new RequestedProjectState { PropertyFilters = [.. HookOutputs], ItemFilters = new Dictionary<string, List<string>>() });
        var events = new PublishEvents(stageStarted);
        var result = await BuildAsync(request, events, cancellationToken).ConfigureAwait(false);
        var diagnostics = events.Diagnostics;
        await WriteLogAsync(project.Name, events.Lines).ConfigureAwait(false);
        var succeeded = result.OverallResult == BuildResultCode.Success;
        var errors = diagnostics.Where(d => d.IsError).Select(d => d.ToString()).Distinct(StringComparer.Ordinal).ToList();
        if (!succeeded && errors.Count == 0)
        {
            errors.Add(result.Exception is { } exception ? $"the publish failed: {exception.Message}" : "the publish failed without logging an error");
        }

        var state = result.ProjectStateAfterBuild;
        var recordPath = state?.GetPropertyValue(HookOutputs[0]) is { Length: > 0 } recorded ? recorded : null;
        if (recordPath is null || !File.Exists(recordPath))
        {
            return NotRecorded(project, errors.Count > 0 ? errors : ["the publish recorded no image (sc-security/image.json): the security hook did not run"], succeeded, watch);
        }

        var outcomes = PublishedImageReader.ParseOutcomes(state!.GetPropertyValue(HookOutputs[1]));
        return await PublishedImageReader.ReadAsync(
            project, recordPath, outcomes, PublishDiagnostic.StageReasons(diagnostics), succeeded, errors, startedAt, Math.Round(watch.Elapsed.TotalSeconds, 2), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (started)
            {
                manager.EndBuild();
                started = false;
            }

            environment?.Dispose();
            environment = null;
        }

        manager.Dispose();
    }

    /// <summary>What <c>dotnet publish -c Release</c> sets for MSBuild (its own command line, read with <c>-v:diag</c>), then the release's.</summary>
    private static Dictionary<string, string> PublishProperties(IReadOnlyDictionary<string, string> release)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Configuration"] = "Release",
            ["NuGetInteractive"] = "false",
            ["_IsPublishing"] = "true",
            ["DOTNET_CLI_DISABLE_PUBLISH_AND_PACK_RELEASE"] = "true",
        };
        foreach (var (name, value) in release)
        {
            properties[name] = value;
        }

        return properties;
    }

    /// <summary>Restores <paramref name="projects"/> in the session (a solution of them named <paramref name="name"/> in the log folder).</summary>
    /// <returns>Null when the restore succeeded, else its errors.</returns>
    private async Task<string?> RestoreAsync(IReadOnlyList<ReleaseProject> projects, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(logFolder);
        var solution = Path.Combine(logFolder, $"{name}.slnx");
        var listed = string.Concat(projects.Select(p => $"  <Project Path=\"{System.Security.SecurityElement.Escape(Path.GetRelativePath(logFolder, p.ProjectPath).Replace('\\', '/'))}\" />\n"));
        await File.WriteAllTextAsync(solution, $"<Solution>\n{listed}</Solution>\n", cancellationToken).ConfigureAwait(false);
        // What MSBuild's own -restore gives the restore: its own evaluation, and imports that restore may yet write.
        var properties = GlobalPropertiesWith(("MSBuildRestoreSessionId", Guid.NewGuid().ToString("D")), ("MSBuildIsRestoring", bool.TrueString));
        var request = new BuildRequestData(
            solution, properties, null, ["Restore"], null,
            BuildRequestDataFlags.ClearCachesAfterBuild | BuildRequestDataFlags.SkipNonexistentTargets | BuildRequestDataFlags.IgnoreMissingEmptyAndInvalidImports | BuildRequestDataFlags.FailOnUnresolvedSdk);
        var events = new PublishEvents(_ => { });
        var result = await BuildAsync(request, events, cancellationToken).ConfigureAwait(false);
        await WriteLogAsync(name, events.Lines).ConfigureAwait(false);
        if (result.OverallResult == BuildResultCode.Success)
        {
            return null;
        }

        var errors = events.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return errors.Count > 0 ? string.Join("; ", errors) : result.Exception?.Message ?? "the restore failed without logging an error";
    }

    private Dictionary<string, string?> GlobalPropertiesWith(params (string Name, string Value)[] more)
    {
        var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in globalProperties.Select(p => (p.Key, p.Value)).Concat(more))
        {
            properties[name] = value;
        }

        return properties;
    }

    private async Task<BuildResult> BuildAsync(BuildRequestData request, PublishEvents events, CancellationToken cancellationToken)
    {
        BuildSubmission submission;
        lock (gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Start();
            submission = manager.PendBuildRequest(request);
        }

        router.Register(submission.SubmissionId, events);
        try
        {
            var finished = new TaskCompletionSource<BuildResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancellationToken.Register(manager.CancelAllSubmissions).ConfigureAwait(false))
            {
                submission.ExecuteAsync(s => finished.TrySetResult(s.BuildResult!), null);
                var result = await finished.Task.ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return result;
            }
        }
        finally
        {
            router.Unregister(submission.SubmissionId);
        }
    }

    private void Start()
    {
        if (started)
        {
            return;
        }

        // MSBuild.dll sits in the SDK's folder, two below the dotnet executable.
        var sdk = Path.GetDirectoryName(typeof(BuildManager).Assembly.Location);
        environment = new PublishEnvironment(getVariable, sdk is null ? null : Path.GetFullPath(Path.Combine(sdk, "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")));
        var forwarder = new LoggerDescription(
            typeof(ConfigurableForwardingLogger).FullName, typeof(ConfigurableForwardingLogger).Assembly.FullName, null, PublishEventRouter.ForwardedEvents, LoggerVerbosity.Minimal);
        manager.BeginBuild(new BuildParameters
        {
            MaxNodeCount = nodes,
            DisableInProcNode = true,
            EnableNodeReuse = false,
            ForwardingLoggers = [new ForwardingLoggerRecord(router, forwarder)],
        });
        started = true;
    }

    private async Task WriteLogAsync(string name, IReadOnlyList<string> lines)
    {
        Directory.CreateDirectory(logFolder);
        var log = Path.Combine(logFolder, $"{name}.log");
        var temporary = $"{log}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllLinesAsync(temporary, lines, CancellationToken.None).ConfigureAwait(false);
        File.Move(temporary, log, overwrite: true);
    }

    private static ReleaseImageResult NotRecorded(ReleaseProject project, IReadOnlyList<string> errors, bool built, Stopwatch watch) =>
        ReleaseImageResult.Unrecorded(project, ReleaseImageOutcome.Failed, Math.Round(watch.Elapsed.TotalSeconds, 2), errors) with
        {
            Stages = [.. ReleasePlan.Stages.Select(s => new ReleaseStage(s, s == "build" && built ? "Succeeded" : "NotRun", "the publish stopped before this stage", null))],
        };
}
