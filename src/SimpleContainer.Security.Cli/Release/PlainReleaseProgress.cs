using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>One line per event, for logs: output that is not a terminal, or <c>CI=true</c>.</summary>
internal sealed class PlainReleaseProgress(TextWriter output) : IReleaseProgress
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, Stopwatch> started = new(StringComparer.Ordinal);

    public void Started(ReleaseProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        started[project.Name] = Stopwatch.StartNew();
        lock (gate)
        {
            output.WriteLine($"[release] {project.Name}: publishing {project.Repository} ({string.Join(", ", project.Tags)})");
        }
    }

    public void StageStarted(ReleaseProject project, string stage)
    {
        ArgumentNullException.ThrowIfNull(project);
        var after = started.TryGetValue(project.Name, out var watch) ? watch.Elapsed.TotalSeconds : 0;
        lock (gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[release] {project.Name}: stage {stage} at {after:0.0} s"));
        }
    }

    public void Finished(ReleaseImageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[release] {result.Project}: {result.Outcome} in {result.DurationSeconds:0.0} s{(result.Digest is null ? string.Empty : $" ({result.Digest})")}"));
        }
    }
}
