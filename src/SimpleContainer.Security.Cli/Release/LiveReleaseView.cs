using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SimpleContainer.Security.Release;
using Spectre.Console;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>A live Spectre.Console table for a terminal: one row per image with its stage, elapsed time and outcome.</summary>
internal sealed class LiveReleaseView(IAnsiConsole console, IReadOnlyList<ReleaseProject> projects) : IReleaseProgress
{
    private readonly ConcurrentDictionary<string, (string State, Stopwatch? Watch, double? Seconds)> rows = new(StringComparer.Ordinal);

    public void Started(ReleaseProject project) => rows[project.Name] = ("publishing (build, sbom, scan, sign, attest)", Stopwatch.StartNew(), null);

    public void Finished(ReleaseImageResult result) => rows[result.Project] = (result.Outcome.ToString(), null, result.DurationSeconds);

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
            var (state, watch, seconds) = rows.TryGetValue(project.Name, out var row) ? row : ("waiting", null, null);
            var elapsed = seconds ?? watch?.Elapsed.TotalSeconds;
            table.AddRow(Markup.Escape(project.Name), Markup.Escape(project.Repository), Markup.Escape(state), elapsed is { } s ? s.ToString("0.0 's'", CultureInfo.InvariantCulture) : "-");
        }
    }
}
