using System.CommandLine;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc stack scan</c>: scans every image recorded by the last publish of each project below a folder, using each
/// project's SBOM when one was written, and writes the reports next to its image.json. The exit code is the worst of all.
/// </summary>
internal static class StackScanCommand
{
    public static Command Create(CliContext context)
    {
        var root = new Option<string>("--root") { Description = "The folder to search for sc-security/image.json files.", DefaultValueFactory = _ => "." };
        var shared = new ScanCommandOptions();
        var command = new Command("scan", "Scan every image recorded by the last publish of each project (sc-security/image.json).") { root };
        shared.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var records = ImageRecordFinder.Find(result.GetValue(root)!);
            if (records.Count == 0)
            {
                await context.Error.WriteLineAsync($"No sc-security/image.json below {Path.GetFullPath(result.GetValue(root)!)}: publish with an Sc*Enabled switch on first.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var options = shared.Create(result, context);
            using var client = context.CreateClient(result);
            await using var scanners = new ScannerProvider(shared.DatabasePath(result), context.GetVariable);
            var stage = new ScanStage(client, new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(context.GetVariable)), scanners);
            var status = ExitCodes.Ok;
            foreach (var path in records)
            {
                var record = await ImageRecordStore.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                var layout = SecurityArtifactLayout.ForImageRecord(path);
                var scan = await stage.RunAsync(record, layout, options, [], cancellationToken).ConfigureAwait(false);
                var code = await ScanCommandOptions.ReportAsync(scan, options, context).ConfigureAwait(false);
                await context.Output.WriteLineAsync($"{(code == ExitCodes.Ok ? "passed" : "FAILED")} {record.Subject} ({record.Project}): {string.Join(", ", scan.Stage.Artifacts.Select(a => a.Path))}").ConfigureAwait(false);
                status = Math.Max(status, code);
            }

            return status;
        });
        return command;
    }
}
