using System.CommandLine;
using System.Text.Json;
using SimpleContainer.Security.Configuration;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc config show [-s STACK -e ENV | -c FILE] [--project DIR] [--output json]</c>: every setting's effective value
/// and its source (default, file:line:column, flag). Secrets are masked. A configuration error exits 3.
/// </summary>
internal static class ConfigShowCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(CliContext context)
    {
        var selection = new StackSelectionOptions();
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var command = new Command("show", "Show the effective security configuration and where each value comes from.") { output };
        selection.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var report = ConfigurationReport.Create(selection.Settings(result), selection.Context(result, context));
            if (report.HasErrors)
            {
                throw new ConfigurationErrorsException(report.Diagnostics.Where(d => d.Severity == Diagnostics.DiagnosticSeverity.Error).ToList());
            }

            foreach (var warning in report.Diagnostics)
            {
                await context.Error.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
            }

            if (result.GetValue(output) == "json")
            {
                var document = new
                {
                    file = report.File,
                    environment = report.Environment,
                    settings = report.Rows.Select(r => new { key = r.Key, property = r.Property, flag = r.Flag, value = r.Value, source = r.Source, origin = r.Origin.ToString().ToLowerInvariant() }),
                    warnings = report.Diagnostics.Select(d => new { code = d.Code, message = d.Text }),
                };
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(document, Json)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Output.WriteLineAsync($"# {report.File ?? "no stack YAML"}{(report.Environment is null ? string.Empty : $" (environment {report.Environment})")}").ConfigureAwait(false);
            var keyWidth = report.Rows.Max(r => r.Key.Length);
            var valueWidth = Math.Min(48, report.Rows.Max(r => (r.Value ?? "(none)").Length));
            foreach (var row in report.Rows)
            {
                await context.Output.WriteLineAsync($"{row.Key.PadRight(keyWidth)}  {(row.Value ?? "(none)").PadRight(valueWidth)}  {row.Source}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
