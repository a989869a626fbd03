using System.Diagnostics;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>What an external scanner's output said besides its findings: the database it matched against.</summary>
internal sealed record ScannerDatabase(string? Name, DateTimeOffset? Updated);

/// <summary>The findings an external scanner reported, normalised, and the database it used when its report says.</summary>
internal sealed record ParsedScannerReport(IReadOnlyList<Finding> Findings, ScannerDatabase? Database);

/// <summary>The version command's answer.</summary>
internal sealed record ScannerToolVersion(string? Version, ScannerDatabase? Database);

/// <summary>How to run and read one external scanner (grype, trivy): its command lines and its JSON.</summary>
internal interface IExternalScannerTool
{
    string Name { get; }

    /// <summary>The environment variable that points at the program (<c>SC_GRYPE_PATH</c>).</summary>
    string PathVariable { get; }

    /// <summary>Where to get it, for the "missing" message.</summary>
    string InstallHint { get; }

    IReadOnlyList<string> VersionArguments { get; }

    /// <summary>The scan command, or null when the request names nothing this tool can read.</summary>
    ProcessRequest? CreateScanRequest(string executable, ScanRequest request);

    ScannerToolVersion ReadVersion(string output);

    /// <summary>Reads the JSON report; throws <see cref="JsonException"/> or <see cref="InvalidDataException"/> when it is not one.</summary>
    ParsedScannerReport ReadReport(string output, ScanRequest request);
}

/// <summary>
/// Runs an external scanner the same way for every tool: finds the program, asks its version, runs the scan with JSON
/// output and turns every way it can go wrong into a <see cref="ScannerRun"/> outcome with a coded message (never an
/// exception, except cancellation). Holds no state between runs, so one instance serves concurrent scans.
/// </summary>
internal sealed class ExternalScannerExecutor(ToolRunner runner, Func<string, string?> getVariable)
{
    private const int ErrorExcerptChars = 600;

    public async Task<ScannerResult> RunAsync(IExternalScannerTool tool, ScanRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var executable = ToolLocator.Find(tool.Name, tool.PathVariable, getVariable);
        if (executable is null)
        {
            var reason = getVariable(tool.PathVariable) is { Length: > 0 } path ? $"{tool.PathVariable}={path} does not exist" : "not on PATH";
            return Outcome(tool, ScannerOutcome.Missing, new ScDiagnostic(DiagnosticIds.ScannerToolMissing, DiagnosticSeverity.Warning, tool.Name, reason, tool.InstallHint, tool.PathVariable), started);
        }

        var scan = tool.CreateScanRequest(executable, request);
        if (scan is null)
        {
            return Outcome(tool, ScannerOutcome.Failed, new ScDiagnostic(DiagnosticIds.ScannerNothingToScan, DiagnosticSeverity.Error, tool.Name), started);
        }

        var command = $"{tool.Name} {string.Join(' ', scan.Arguments)}";
        try
        {
            var version = await ReadVersionAsync(tool, executable, cancellationToken).ConfigureAwait(false);
            var result = await runner.RunAsync(scan, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return Outcome(tool, ScannerOutcome.Failed, new ScDiagnostic(DiagnosticIds.ScannerToolFailed, DiagnosticSeverity.Error, command, result.ExitCode, Excerpt(result.StandardError, result.StandardOutput)), started, version);
            }

            ParsedScannerReport report;
            try
            {
                report = tool.ReadReport(result.StandardOutput, request);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                var problem = result.StandardOutput.Trim().Length == 0 ? "it printed nothing" : ex.Message;
                return Outcome(tool, ScannerOutcome.Failed, new ScDiagnostic(DiagnosticIds.ScannerOutputInvalid, DiagnosticSeverity.Error, command, problem), started, version);
            }

            var database = report.Database ?? version?.Database;
            return new ScannerResult(
                new ScannerRun
                {
                    Name = tool.Name,
                    Version = version?.Version,
                    Outcome = ScannerOutcome.Succeeded,
                    FindingCount = report.Findings.Count,
                    Database = database?.Name,
                    DatabaseUpdated = database?.Updated,
                    Duration = Stopwatch.GetElapsedTime(started),
                },
                report.Findings);
        }
        catch (ToolNotFoundException ex)
        {
            return Outcome(tool, ScannerOutcome.Missing, new ScDiagnostic(DiagnosticIds.ScannerToolMissing, DiagnosticSeverity.Warning, tool.Name, ex.Message, tool.InstallHint, tool.PathVariable), started);
        }
        catch (TimeoutException)
        {
            return Outcome(tool, ScannerOutcome.Failed, new ScDiagnostic(DiagnosticIds.ScannerTimedOut, DiagnosticSeverity.Error, command, scan.Timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)), started);
        }
    }

    /// <summary>The version is for the record only: a version command that fails leaves it unknown and the scan goes on.</summary>
    private async Task<ScannerToolVersion?> ReadVersionAsync(IExternalScannerTool tool, string executable, CancellationToken cancellationToken)
    {
        try
        {
            var result = await runner.RunAsync(new ProcessRequest(executable, tool.VersionArguments) { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? tool.ReadVersion(result.StandardOutput) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or TimeoutException)
        {
            return null;
        }
    }

    private static ScannerResult Outcome(IExternalScannerTool tool, ScannerOutcome outcome, ScDiagnostic diagnostic, long started, ScannerToolVersion? version = null) =>
        new(
            new ScannerRun
            {
                Name = tool.Name,
                Version = version?.Version,
                Outcome = outcome,
                Error = diagnostic.Message,
                Database = version?.Database?.Name,
                DatabaseUpdated = version?.Database?.Updated,
                Duration = Stopwatch.GetElapsedTime(started),
            },
            []);

    /// <summary>The last lines of the error output (or of stdout when stderr is empty), on one line, at most a few hundred characters.</summary>
    internal static string Excerpt(string standardError, string standardOutput)
    {
        var text = string.IsNullOrWhiteSpace(standardError) ? standardOutput : standardError;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return "it printed no error";
        }

        // cobra-based tools (grype, trivy) print the error first and the usage after it: keep the "Error:" line when there is one.
        var error = lines.FirstOrDefault(l => l.StartsWith("Error:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("FATAL", StringComparison.Ordinal) || l.Contains("FATAL", StringComparison.Ordinal));
        var excerpt = error ?? string.Join(" ", lines.TakeLast(3));
        return excerpt.Length <= ErrorExcerptChars ? excerpt : string.Concat(excerpt.AsSpan(0, ErrorExcerptChars), "…");
    }
}
