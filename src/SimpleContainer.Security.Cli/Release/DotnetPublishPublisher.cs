using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Release;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// Publishes one project as a child <c>dotnet publish -t:PublishContainer</c> (through <see cref="ToolRunner"/>, so
/// Ctrl+C and <c>--fail-fast</c> kill its process tree), with the security hook on, the stack and environment as
/// <c>ScSecurityStack</c>/<c>ScSecurityEnvironment</c> and the release version among the image tags. The hook's
/// outputs come back through <c>-getProperty</c> (into a file); the stage it reached is read live from its console
/// output (<see cref="PublishStageLine"/>); its warnings and errors come through a file log kept beside the summary.
/// </summary>
internal sealed partial class DotnetPublishPublisher(
    string stack, string environment, IReadOnlyDictionary<string, string> properties, string logFolder, Func<string, string?> getVariable, TimeProvider? time = null) : IImagePublisher
{
    private readonly ToolRunner tools = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private bool restored;

    /// <summary>
    /// Restores every project of the release in one <c>dotnet restore</c> (a solution of just those projects, written
    /// beside the logs, with the publishes' own global properties), so that each publish runs with <c>--no-restore</c>:
    /// a warm publish spent about half its CPU time on its own no-op restore (measured, docs/release.md). When the
    /// shared restore fails, each publish restores its own project as before, and reports its own errors.
    /// </summary>
    /// <returns>Null when the restore succeeded, else what it printed (its tail).</returns>
    public async Task<string?> RestoreAsync(IReadOnlyList<ReleaseProject> projects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        Directory.CreateDirectory(logFolder);
        var solution = Path.Combine(logFolder, "restore.slnx");
        var listed = string.Concat(projects.Select(p => $"  <Project Path=\"{System.Security.SecurityElement.Escape(Path.GetRelativePath(logFolder, p.ProjectPath).Replace('\\', '/'))}\" />\n"));
        await File.WriteAllTextAsync(solution, $"<Solution>\n{listed}</Solution>\n", cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "restore", solution, "-nodeReuse:false", "-tl:off", "-v:m" };
        arguments.AddRange(GlobalProperties().Select(p => $"-p:{p.Key}={p.Value}"));
        ProcessResult result;
        try
        {
            result = await tools.RunAsync(new ProcessRequest("dotnet", arguments) { Environment = BuildVariables(), Timeout = TimeSpan.FromMinutes(30) }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            return ex.Message;
        }

        restored = result.Succeeded;
        return result.Succeeded ? null : Tail(result.StandardOutput + result.StandardError);
    }

    public async Task<ReleaseImageResult> PublishAsync(ReleaseProject project, Action<string> stageStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(stageStarted);
        Directory.CreateDirectory(logFolder);
        var log = Path.Combine(logFolder, $"{project.Name}.log");
        var outputs = Path.Combine(logFolder, $"{project.Name}.properties.json");
        File.Delete(outputs);
        var startedAt = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        stageStarted(ReleasePlan.Stages[0]);
        var request = new ProcessRequest("dotnet", Arguments(project, log, outputs))
        {
            Environment = ChildVariables(),
            Timeout = TimeSpan.FromMinutes(30),
            StandardOutputLine = line =>
            {
                if (PublishStageLine.StageOf(line) is { } stage)
                {
                    stageStarted(stage);
                }
            },
        };
        var result = await tools.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 2);
        var lines = File.Exists(log) ? await File.ReadAllLinesAsync(log, cancellationToken).ConfigureAwait(false) : [];
        var errors = lines.Where(l => ErrorLine().IsMatch(l)).Select(Clean).Distinct(StringComparer.Ordinal).ToList();
        var (recordPath, outcomes) = HookOutputs(File.Exists(outputs) ? await File.ReadAllTextAsync(outputs, cancellationToken).ConfigureAwait(false) : string.Empty);
        if (!result.Succeeded && errors.Count == 0)
        {
            errors.Add($"dotnet publish exited with {result.ExitCode}: {Tail(result.StandardOutput + result.StandardError)}");
        }

        if (recordPath is null || !File.Exists(recordPath))
        {
            return new ReleaseImageResult
            {
                Project = project.Name,
                ProjectPath = project.ProjectPath,
                Outcome = ReleaseImageOutcome.Failed,
                Registry = project.Registry,
                Repository = project.Repository,
                Tags = project.Tags,
                DurationSeconds = seconds,
                Errors = errors.Count > 0 ? errors : ["the publish recorded no image (sc-security/image.json): the security hook did not run"],
                Stages = [.. SecurityPlanStages.Select(s => new ReleaseStage(s, s == "build" && result.Succeeded ? "Succeeded" : "NotRun", "the publish stopped before this stage", null))],
            };
        }

        var reasons = StageReasons(lines);
        return await PublishedImageReader.ReadAsync(project, recordPath, outcomes, reasons, result.Succeeded, errors, startedAt, seconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the SDK's container publish reads from the environment, taken from the command's own view of it.</summary>
    private static readonly string[] ContainerVariables = ["DOTNET_CONTAINER_INSECURE_REGISTRIES", "DOCKER_CONFIG"];

    private static IReadOnlyList<string> SecurityPlanStages => ReleasePlan.Stages;

    /// <summary>
    /// The hook's outputs go to a file (<c>-getResultOutputFile</c>), which keeps the console log on standard output:
    /// <c>-getProperty</c> alone silences it, and the stage lines are read from it as they come.
    /// </summary>
    private List<string> Arguments(ReleaseProject project, string log, string outputs)
    {
        var arguments = new List<string>
        {
            "publish", project.ProjectPath, "-c", "Release", "-t:PublishContainer", "-nodeReuse:false", "-tl:off", "-v:m",
            $"-p:ContainerImageTags=\"{string.Join(';', project.Tags)}\"",
            "-getProperty:ScImageRecordPath", "-getProperty:ScSecurityStageOutcomes", $"-getResultOutputFile:{outputs}",
            "-fl", $"-flp:LogFile={log};Verbosity=minimal;NoSummary",
        };
        if (restored)
        {
            arguments.Add("--no-restore");
        }

        arguments.AddRange(GlobalProperties().Select(p => $"-p:{p.Key}={p.Value}"));
        return arguments;
    }

    /// <summary>The global properties of every publish, and of the shared restore, which must see the projects as they do.</summary>
    private IEnumerable<KeyValuePair<string, string>> GlobalProperties()
    {
        yield return new("Configuration", "Release");
        yield return new("ScSecurityEnabled", "true");
        yield return new("ScSecurityStack", stack);
        yield return new("ScSecurityEnvironment", environment);
        foreach (var property in properties)
        {
            yield return property;
        }
    }

    /// <summary>
    /// Node reuse and the build server off, so parallel publishes never share a node holding another's task assembly;
    /// the secrets the stages read (COSIGN_PASSWORD, registry credentials, …) are passed on on purpose: this child is
    /// the user's own publish, which <see cref="ChildEnvironment"/> would otherwise strip them from.
    /// </summary>
    private Dictionary<string, string?> ChildVariables()
    {
        var variables = BuildVariables();
        foreach (var name in ChildEnvironment.SecretVariables.Concat(ContainerVariables))
        {
            if (getVariable(name) is { } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    private static Dictionary<string, string?> BuildVariables() => new(StringComparer.Ordinal)
    {
        ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static (string? RecordPath, IReadOnlyDictionary<string, string> Outcomes) HookOutputs(string resultJson)
    {
        var start = resultJson.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return (null, new Dictionary<string, string>());
        }

        try
        {
            using var json = JsonDocument.Parse(resultJson[start..]);
            var values = json.RootElement.GetProperty("Properties");
            var path = values.TryGetProperty("ScImageRecordPath", out var p) && p.GetString() is { Length: > 0 } recorded ? recorded : null;
            var outcomes = values.TryGetProperty("ScSecurityStageOutcomes", out var o) ? o.GetString() : null;
            return (path, PublishedImageReader.ParseOutcomes(outcomes));
        }
        catch (JsonException)
        {
            return (null, new Dictionary<string, string>());
        }
    }

    /// <summary>Each SCSEC warning or error, by the stage its area belongs to (3 SBOM, 4 scan, 5 sign, 6 attest; 7012 names its stage).</summary>
    private static Dictionary<string, string> StageReasons(IEnumerable<string> lines)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = CodedLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var text = Clean(line);
            var stage = match.Groups["area"].Value switch
            {
                "3" => "sbom",
                "4" => "scan",
                "5" => "sign",
                "6" => "attest",
                _ => StageNotRun().Match(line) is { Success: true } named ? named.Groups["stage"].Value : null,
            };
            if (stage is not null)
            {
                reasons[stage] = reasons.TryGetValue(stage, out var earlier) ? $"{earlier}; {text}" : text;
            }
        }

        return reasons;
    }

    /// <summary>The message without MSBuild's file prefix and project suffix.</summary>
    private static string Clean(string line)
    {
        var match = MessageText().Match(line);
        return (match.Success ? match.Groups["message"].Value : line).Trim();
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();

    [GeneratedRegex(@"\berror\s+[A-Z]+\d+\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\b(warning|error)\s+SCSEC(?<area>\d)\d{3}\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex CodedLine();

    [GeneratedRegex(@"SCSEC7012: The (?<stage>\w+) stage", RegexOptions.CultureInvariant)]
    private static partial Regex StageNotRun();

    [GeneratedRegex(@"(?<message>\b(warning|error)\s+[A-Z]+\d+\s*:.*?)(\s+\[[^\]]+\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageText();
}
