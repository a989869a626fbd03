using System.CommandLine;
using System.Globalization;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>The options <c>sc image scan</c> and <c>sc stack scan</c> share, and how a scan's result becomes output and an exit code.</summary>
internal sealed class ScanCommandOptions
{
    public Option<string?> Tools { get; } = new("--tools") { Description = "Scanners to run in parallel: builtin, grype, trivy (comma-separated).", DefaultValueFactory = _ => ScanTools.Builtin };

    public Option<string?> FailOn { get; } = new("--fail-on") { Description = "Fail (exit 1) on findings at or above: critical, high, medium, low, negligible, unknown, or none." };

    public Option<string?> WarnOn { get; } = new("--warn-on") { Description = "Warn on findings at or above this severity.", DefaultValueFactory = _ => "high" };

    public Option<bool> SoftFail { get; } = new("--soft-fail") { Description = "Report failOn violations as warnings and exit 0." };

    public Option<string?> Required { get; } = new("--required") { Description = "Scanners that must run (true = all of --tools); a required scanner that is missing exits 2." };

    public Option<string?> Database { get; } = new("--database") { Description = "The vulnerability database (file or folder); default SC_VULNERABILITY_DB or the user cache folder." };

    public Option<double> MaxDatabaseAge { get; } = new("--max-database-age") { Description = "Warn when the database is older than this many days.", DefaultValueFactory = _ => 7 };

    public Option<string?> IgnoreFile { get; } = new("--ignore-file") { Description = "Ignore list: YAML 'ignore:' entries (id, package, expires, reason) or .trivyignore lines." };

    public Option<string[]> Vex { get; } = new("--vex") { Description = "OpenVEX documents whose not_affected/fixed statements take findings out.", AllowMultipleArgumentsPerToken = true };

    public Option<string?> DefectDojoUrl { get; } = new("--defectdojo-url") { Description = "Upload scan.sarif to this DefectDojo server (API key from DEFECTDOJO_API_KEY)." };

    public Option<string?> DefectDojoProduct { get; } = new("--defectdojo-product") { Description = "DefectDojo product name (created when missing, with --defectdojo-product-type)." };

    public Option<string?> DefectDojoProductType { get; } = new("--defectdojo-product-type") { Description = "DefectDojo product type for a new product." };

    public Option<string?> DefectDojoEngagement { get; } = new("--defectdojo-engagement") { Description = "DefectDojo engagement id, or name (created when missing)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Tools, FailOn, WarnOn, SoftFail, Required, Database, MaxDatabaseAge, IgnoreFile, Vex, DefectDojoUrl, DefectDojoProduct, DefectDojoProductType, DefectDojoEngagement })
        {
            command.Options.Add(option);
        }
    }

    public ScanOptions Create(ParseResult result, Func<string, string?> getVariable)
    {
        var tools = ScanTools.Parse(result.GetValue(Tools));
        return new ScanOptions
        {
            Tools = tools,
            Required = true,
            RequiredTools = ScanTools.ParseRequired(result.GetValue(Required), tools),
            FailOn = ScanPolicy.ParseThreshold(result.GetValue(FailOn), "--fail-on"),
            WarnOn = ScanPolicy.ParseThreshold(result.GetValue(WarnOn), "--warn-on"),
            SoftFail = result.GetValue(SoftFail),
            IgnoreFile = result.GetValue(IgnoreFile) is { } ignore ? Path.GetFullPath(ignore) : null,
            VexFiles = (result.GetValue(Vex) ?? []).Select(Path.GetFullPath).ToList(),
            MaxDatabaseAge = TimeSpan.FromDays(result.GetValue(MaxDatabaseAge)),
            Transport = RegistryTransportPolicy.FromEnvironment(getVariable),
            DefectDojo = DefectDojoSettings.Create(result.GetValue(DefectDojoUrl), result.GetValue(DefectDojoProduct), result.GetValue(DefectDojoProductType), result.GetValue(DefectDojoEngagement), null, getVariable, new StackSecrets(".")),
        };
    }

    public string? DatabasePath(ParseResult result) => result.GetValue(Database) is { } path ? Path.GetFullPath(path) : null;

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
