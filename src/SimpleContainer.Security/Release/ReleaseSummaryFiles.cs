using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Release;

/// <summary>
/// Writes <c>release.json</c> and <c>release.md</c>, each atomically (temp file + rename), so a release stopped at
/// any point leaves either the whole summary or none; and appends the markdown to <c>$GITHUB_STEP_SUMMARY</c>.
/// </summary>
public static class ReleaseSummaryFiles
{
    public const string JsonFileName = "release.json";
    public const string MarkdownFileName = "release.md";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] SerializeJson(ReleaseSummary summary)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(summary, Json);
        return [.. bytes, (byte)'\n'];
    }

    public static async Task<(string Json, string Markdown)> WriteAsync(ReleaseSummary summary, string folder, CancellationToken cancellationToken)
    {
        var json = Path.Combine(Path.GetFullPath(folder), JsonFileName);
        var markdown = Path.Combine(Path.GetFullPath(folder), MarkdownFileName);
        await AtomicFile.WriteAllBytesAsync(json, SerializeJson(summary), cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllBytesAsync(markdown, Encoding.UTF8.GetBytes(ReleaseMarkdown.Render(summary)), cancellationToken).ConfigureAwait(false);
        return (json, markdown);
    }

    /// <summary>GitHub Actions' job summary: appended to, never replaced (other steps write there too).</summary>
    public static async Task AppendToStepSummaryAsync(ReleaseSummary summary, string stepSummaryPath, CancellationToken cancellationToken) =>
        await File.AppendAllTextAsync(stepSummaryPath, ReleaseMarkdown.Render(summary) + "\n", Encoding.UTF8, cancellationToken).ConfigureAwait(false);
}

/// <summary><c>release.md</c>: the summary table, then every failed, cancelled or skipped stage with its reason, then the projects left out.</summary>
public static class ReleaseMarkdown
{
    private static readonly string[] Severities = ["critical", "high", "medium", "low", "negligible", "unknown"];

    public static string Render(ReleaseSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"# Release {summary.Version}: {(summary.Succeeded ? "succeeded" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(inv, $"Stack `{summary.Stack}`, environment `{summary.Environment}`, from `{summary.Source}`{(summary.Commit is null ? string.Empty : $" at `{summary.Commit}`")}; {summary.Images.Count} image(s), parallelism {summary.Parallelism}{(summary.FailFast ? ", fail-fast" : string.Empty)}, {(summary.FinishedAt - summary.StartedAt).TotalSeconds.ToString("0.0", inv)} s.");
        text.AppendLine();
        text.AppendLine("| project | outcome | repository | tags | digest | signature | SBOM | provenance | findings (C/H/M/L/N/U) | gate | stage times (s) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var image in summary.Images)
        {
            text.AppendLine(inv, $"| {Cell(image.Project)} | {image.Outcome} | {Cell(Repository(image))} | {Cell(string.Join(", ", image.Tags))} | {Cell(image.Digest)} | {Cell(Signature(image))} | {Cell(image.Sbom is { } s ? $"{s.Components} components" : null)} | {Cell(image.Provenance)} | {Cell(Findings(image))} | {Cell(Gate(image))} | {Cell(StageTimes(image))} |");
        }

        var notes = summary.Images.SelectMany(Notes).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Failed, cancelled and skipped");
            text.AppendLine();
            foreach (var note in notes)
            {
                text.AppendLine(inv, $"- {note}");
            }
        }

        if (summary.Excluded.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Left out");
            text.AppendLine();
            foreach (var excluded in summary.Excluded)
            {
                text.AppendLine(inv, $"- {excluded.Name}: {excluded.Reason}");
            }
        }

        return text.ToString();
    }

    public static string Repository(ReleaseImageResult image) => image.Registry is null ? image.Repository ?? "-" : $"{image.Registry}/{image.Repository}";

    public static string? Signature(ReleaseImageResult image) =>
        image.Signature is { } s ? $"{string.Join("+", s.Layouts)}{(s.Key is null ? string.Empty : $", key {s.Key}")}{(s.VerifiedAfterSigning ? ", verified" : string.Empty)}" : null;

    public static string? Findings(ReleaseImageResult image) =>
        image.Findings is { } f ? string.Join("/", Severities.Select(s => f.BySeverity.TryGetValue(s, out var n) ? n : 0)) : null;

    /// <summary>A gate that evaluated nothing never says passed.</summary>
    public static string Gate(ReleaseImageResult image) =>
        image.Findings is { } f ? (f.GatePassed ? "passed" : "FAILED") : "not evaluated";

    public static string StageTimes(ReleaseImageResult image) =>
        string.Join(" ", image.Stages.Where(s => s.FinishedAfter is not null).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.FinishedAfter:0.0}")))
        + string.Create(CultureInfo.InvariantCulture, $" (total {image.DurationSeconds:0.0})");

    private static IEnumerable<string> Notes(ReleaseImageResult image)
    {
        foreach (var error in image.Errors)
        {
            yield return $"{image.Project} {image.Outcome.ToString().ToLowerInvariant()}: {error}";
        }

        foreach (var stage in image.Stages.Where(s => s.Outcome != "Succeeded"))
        {
            yield return $"{image.Project}: {stage.Name} {stage.Outcome}{(stage.Reason is null ? string.Empty : $": {stage.Reason}")}";
        }
    }

    private static string Cell(string? value) => string.IsNullOrEmpty(value) ? "-" : value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
