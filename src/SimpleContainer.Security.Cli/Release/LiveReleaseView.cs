using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SimpleContainer.Security.Release;
using Spectre.Console;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// A live Spectre.Console table for a terminal: one row per image with the stage its publish is in (build, sbom, scan,
/// sign, attest) and how long that stage has run, the image's elapsed time, and its outcome when done.
/// </summary>
internal sealed class LiveReleaseView(IAnsiConsole console, IReadOnlyList<ReleaseProject> projects) : IReleaseProgress
{
    private readonly ConcurrentDictionary<string, Row> rows = new(StringComparer.Ordinal);

    public void Started(ReleaseProject project) => rows[project.Name] = new Row("starting", Stopwatch.StartNew(), TimeSpan.Zero, null);

    public void StageStarted(ReleaseProject project, string stage) =>
        rows.AddOrUpdate(project.Name, _ => new Row(stage, Stopwatch.StartNew(), TimeSpan.Zero, null), (_, row) => row with { State = stage, StageStart = row.Watch?.Elapsed ?? TimeSpan.Zero });

    public void Finished(ReleaseImageResult result) => rows[result.Project] = new Row(result.Outcome.ToString(), null, TimeSpan.Zero, result.DurationSeconds);

    /// <summary>Shows the table while <paramref name="run"/> works, refreshing it four times a second.</summary>
    public async Task<T> ShowAsync<T>(Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var table = new Table().AddColumns("project", "repository", "stage", "elapsed");
        return await console.Live(table).StartAsync(async context =>
        {
            var work = run();
            while (!work.IsCompleted)
            {
                Render(table);
                context.Refresh();
                await Task.WhenAny(work, Task.Delay(250)).ConfigureAwait(false);
            }

            Render(table);
            context.Refresh();
            return await work.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private void Render(Table table)
    {
        table.Rows.Clear();
        foreach (var project in projects)
        {
            var row = rows.TryGetValue(project.Name, out var found) ? found : new Row("waiting", null, TimeSpan.Zero, null);
            var elapsed = row.Seconds ?? row.Watch?.Elapsed.TotalSeconds;
            var state = row.Watch is { } watch
                ? string.Create(CultureInfo.InvariantCulture, $"{row.State} ({(watch.Elapsed - row.StageStart).TotalSeconds:0.0} s)")
                : row.State;
            table.AddRow(Markup.Escape(project.Name), Markup.Escape(project.Repository), Markup.Escape(state), elapsed is { } s ? s.ToString("0.0 's'", CultureInfo.InvariantCulture) : "-");
        }
    }

    /// <summary>An image's state: the stage it is in (or its outcome), its publish's clock, when the stage began, its final time.</summary>
    private sealed record Row(string State, Stopwatch? Watch, TimeSpan StageStart, double? Seconds);
}
