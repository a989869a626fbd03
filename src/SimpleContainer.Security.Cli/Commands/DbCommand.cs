using System.CommandLine;
using SimpleContainer.Security.Configuration;
using System.Globalization;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Database;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc db update</c> and <c>sc db status</c>: the local vulnerability database that scans read. Scans update it on demand;
/// this command fills it ahead of time (a scheduled CI job, or a cache warmed before the build).
/// </summary>
internal static class DbCommand
{
    public static Command Create(CliContext context)
    {
        return new Command("db", "The local vulnerability database (OSV records and NuGet advisories) that scans match against.")
        {
            CreateUpdate(context),
            CreateStatus(context),
        };
    }

    private static Option<string?> DatabaseOption() => new("--database") { Description = "The database file or folder (default: SC_VULNERABILITY_DB, else ~/.cache/simple-container/vulndb/)." };

    private static string DatabasePath(ParseResult result, Option<string?> option, CliContext context) =>
        result.GetValue(option) is { } path
            ? VulnerabilityDatabaseLocation.Resolve(name => name == VulnerabilityDatabaseLocation.EnvironmentVariable ? path : context.GetVariable(name))
            : VulnerabilityDatabaseLocation.Resolve(context.GetVariable);

    private static Command CreateUpdate(CliContext context)
    {
        var database = DatabaseOption();
        var sources = new Option<string[]>("--source") { Description = "OSV data (a folder of JSON, a JSON file, an all.zip, or an http(s) URL to one) or a NuGet V3 service index URL (…/index.json). Repeatable.", AllowMultipleArgumentsPerToken = true };
        var nuget = new Option<string[]>("--nuget-source") { Description = "A NuGet V3 service index URL whose VulnerabilityInfo resource is read. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var project = new Option<string>("--project") { Description = "Without --source: read the NuGet audit sources (auditSources, else packageSources) of this folder's nuget.config files.", DefaultValueFactory = _ => "." };
        var insecure = new Option<bool>("--allow-insecure") { Description = "Allow plain http to a host that is not loopback." };
        var command = new Command("update", "Download or import vulnerability data into the database (conditional requests: unchanged sources are not downloaded again).") { database, sources, nuget, project, insecure };
        command.SetAction(async (result, cancellationToken) =>
        {
            var allowInsecure = result.GetValue(insecure);
            var selected = (result.GetValue(sources) ?? []).Select(s => Classify(s) with { AllowInsecure = allowInsecure })
                .Concat((result.GetValue(nuget) ?? []).Select(s => VulnerabilitySource.NuGet(s) with { AllowInsecure = allowInsecure }))
                .ToList();
            if (selected.Count == 0)
            {
                var found = new NuGetAuditSourceFinder().Find(result.GetValue(project)!);
                foreach (var note in found.Notes)
                {
                    await context.Error.WriteLineAsync(note.ToString()).ConfigureAwait(false);
                }

                selected = found.Sources.Select(s => allowInsecure ? s with { AllowInsecure = true } : s).ToList();
                if (selected.Count == 0)
                {
                    throw new ArgumentException($"No vulnerability source: give --source or --nuget-source, or run in a project whose nuget.config lists http(s) package or audit sources ({Path.GetFullPath(result.GetValue(project)!)}).");
                }
            }

            var path = DatabasePath(result, database, context);
            using var http = new HttpClient();
            var updater = new VulnerabilityDatabaseUpdater(path, http);
            var status = ExitCodes.Ok;
            foreach (var update in await updater.UpdateAsync(selected, cancellationToken).ConfigureAwait(false))
            {
                foreach (var warning in update.Warnings)
                {
                    await context.Error.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
                }

                if (update.Failure is { } failure)
                {
                    await context.Error.WriteLineAsync(failure.WithSeverity(DiagnosticSeverity.Error).ToString()).ConfigureAwait(false);
                    status = ExitCodes.Failure;
                    continue;
                }

                var what = update.NotModified
                    ? "not modified"
                    : $"{update.Added} added, {update.Updated} updated, {update.Unchanged} unchanged, {update.Removed} removed, {update.Skipped} skipped";
                await context.Output.WriteLineAsync($"{update.Source.Name} ({update.Source.Kind.ToString().ToLowerInvariant()}): {what}; {update.RecordCount} records").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync($"database: {path}").ConfigureAwait(false);
            return status;
        });
        return command;
    }

    private static Command CreateStatus(CliContext context)
    {
        var database = DatabaseOption();
        var maxAge = new Option<string?>("--max-age") { Description = $"Days after which the database counts as stale (exit 1; default {SecuritySettings.DefaultDatabaseMaxAgeDays})." };
        var command = new Command("status", "Show the database's sources, record counts and age; exit 1 when it is missing or stale.") { database, maxAge };
        command.SetAction(async (result, cancellationToken) =>
        {
            var allowedAge = new CliSettings(result).Add(maxAge, SecuritySettings.VulnerabilityDatabaseMaxAge).Resolve(context).Scan.MaxDatabaseAge;
            await using var opened = await VulnerabilityDatabase.OpenAsync(DatabasePath(result, database, context), cancellationToken).ConfigureAwait(false);
            var status = await opened.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            var output = context.Output;
            await output.WriteLineAsync($"database: {status.Path} ({status.FileSize.ToString("N0", CultureInfo.InvariantCulture)} bytes, {status.TotalRecords.ToString("N0", CultureInfo.InvariantCulture)} records)").ConfigureAwait(false);
            foreach (var source in status.Sources)
            {
                var changed = source.LastChanged?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
                var checkedAt = source.LastChecked?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
                await output.WriteLineAsync($"  {source.Name} [{source.Kind.ToString().ToLowerInvariant()}]: {source.RecordCount.ToString("N0", CultureInfo.InvariantCulture)} records, changed {changed}, checked {checkedAt}").ConfigureAwait(false);
            }

            if (status.StaleDiagnostic(allowedAge) is { } stale)
            {
                await context.Error.WriteLineAsync(stale.ToString()).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A NuGet service index is an http(s) URL ending in <c>index.json</c>; anything else is OSV data.</summary>
    private static VulnerabilitySource Classify(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath.EndsWith("/index.json", StringComparison.OrdinalIgnoreCase)
            ? VulnerabilitySource.NuGet(source)
            : VulnerabilitySource.Osv(Uri.TryCreate(source, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? source : Path.GetFullPath(source));
}
