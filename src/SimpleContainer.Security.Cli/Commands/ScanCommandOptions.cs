using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>The options <c>sc image scan</c> and <c>sc stack scan</c> share, and how a scan's result becomes output and an exit code.</summary>
internal sealed class ScanCommandOptions
{
    public Option<string?> Tools { get; } = new("--tools") { Description = $"Scanners to run in parallel: builtin, grype, trivy (comma-separated; default {SecuritySettings.DefaultScanTools})." };

    public Option<string?> FailOn { get; } = new("--fail-on") { Description = "Fail (exit 1) on findings at or above: critical, high, medium, low, negligible, unknown, or none." };

    public Option<string?> WarnOn { get; } = new("--warn-on") { Description = $"Warn on findings at or above this severity (default {SecuritySettings.DefaultWarnOn})." };

    public Option<string?> ToolFailOn { get; } = new("--tool-fail-on") { Description = "A scanner's own failOn for the findings it reports, such as grype=critical;builtin=high (the strictest applies to a finding several report)." };

    public Option<string?> ToolWarnOn { get; } = new("--tool-warn-on") { Description = "A scanner's own warnOn for the findings it reports, such as trivy=medium." };

    public Option<bool> SoftFail { get; } = new("--soft-fail") { Description = "Report failOn violations as warnings and exit 0." };

    public Option<string?> Required { get; } = new("--required") { Description = "Scanners that must run (true = all of --tools); a required scanner that is missing exits 2." };

    public Option<string?> Database { get; } = new("--database") { Description = "The vulnerability database (file or folder); default SC_VULNERABILITY_DB or the user cache folder." };

    public Option<string?> MaxDatabaseAge { get; } = new("--max-database-age") { Description = $"Warn when the database is older than this many days (default {SecuritySettings.DefaultDatabaseMaxAgeDays})." };

    public Option<string?> IgnoreFile { get; } = new("--ignore-file") { Description = "Ignore list: YAML 'ignore:' entries (id, package, expires, reason) or .trivyignore lines." };

    public Option<string[]> Vex { get; } = new("--vex") { Description = "OpenVEX documents whose not_affected/fixed statements take findings out.", AllowMultipleArgumentsPerToken = true };

    public Option<string?> DefectDojoUrl { get; } = new("--defectdojo-url") { Description = "Upload scan.sarif to this DefectDojo server (API key from DEFECTDOJO_API_KEY)." };

    public Option<string?> DefectDojoProduct { get; } = new("--defectdojo-product") { Description = "DefectDojo product name (created when missing, with --defectdojo-product-type)." };

    public Option<string?> DefectDojoProductType { get; } = new("--defectdojo-product-type") { Description = "DefectDojo product type for a new product." };

    public Option<string?> DefectDojoEngagement { get; } = new("--defectdojo-engagement") { Description = "DefectDojo engagement id, or name (created when missing)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Tools, FailOn, WarnOn, ToolFailOn, ToolWarnOn, SoftFail, Required, Database, MaxDatabaseAge, IgnoreFile, Vex, DefectDojoUrl, DefectDojoProduct, DefectDojoProductType, DefectDojoEngagement })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The scan's options from the flags given, resolved like MSBuild's; a bad value exits 3 naming the flag. sc always reports a scan that cannot run.</summary>
    public ScanOptions Create(ParseResult result, CliContext context)
    {
        var options = new CliSettings(result)
            .Add(Tools, SecuritySettings.ScanToolList)
            .Add(FailOn, SecuritySettings.ScanFailOn)
            .Add(WarnOn, SecuritySettings.ScanWarnOn)
            .Add(ToolFailOn, SecuritySettings.ScanToolFailOn)
            .Add(ToolWarnOn, SecuritySettings.ScanToolWarnOn)
            .Add(SoftFail, SecuritySettings.ScanSoftFail, v => v ? "true" : "false")
            .Add(Required, SecuritySettings.ScanRequiredTools)
            .Add(Database, SecuritySettings.VulnerabilityDatabase)
            .Add(MaxDatabaseAge, SecuritySettings.VulnerabilityDatabaseMaxAge)
            .Add(IgnoreFile, SecuritySettings.ScanIgnoreFile)
            .Add(Vex, SecuritySettings.ScanVexFiles, v => string.Join(';', v ?? []))
            .Add(DefectDojoUrl, SecuritySettings.DefectDojoUrl)
            .Add(DefectDojoProduct, SecuritySettings.DefectDojoProduct)
            .Add(DefectDojoProductType, SecuritySettings.DefectDojoProductType)
            .Add(DefectDojoEngagement, SecuritySettings.DefectDojoEngagement)
            .Implied(SecuritySettings.ScanEnabled, "true", "sc scan")
            .Resolve(context);
        return options.Scan with { Required = true };
    }

    public string? DatabasePath(ParseResult result) => result.GetValue(Database) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>Prints every diagnostic on stderr and gives the exit code: 1 for a failed gate or scan, 2 when a required scanner is missing, 3 for bad configuration.</summary>
    public static async Task<int> ReportAsync(ScanStageResult result, ScanOptions options, CliContext context)
    {
        foreach (var diagnostic in result.Stage.Diagnostics)
        {
            await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (result.Report is not { } report)
        {
            return result.Stage.Diagnostics.Select(ExitCodes.For).DefaultIfEmpty(ExitCodes.Failure).Max();
        }

        if (report.Scanners.Any(s => s.Outcome == ScannerOutcome.Missing && options.RequiredTools.Contains(s.Name)))
        {
            return ExitCodes.ToolMissing;
        }

        return result.Stage.Outcome == StageOutcome.Failed ? ExitCodes.Failure : ExitCodes.Ok;
    }
}
