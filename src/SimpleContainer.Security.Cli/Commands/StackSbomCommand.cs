using System.CommandLine;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc stack sbom [-o DIR]</c>: the SBOMs of every image the last publish of each project recorded (found as
/// <c>sc stack sign</c> finds them). The SBOM files that publish wrote beside its image.json are copied; an image
/// published without the SBOM stage gets one generated from the registry (or the archive) by digest.
/// </summary>
internal static class StackSbomCommand
{
    public static Command Create(CliContext context)
    {
        var root = new Option<string>("--root") { Description = "The folder to search for sc-security/image.json files.", DefaultValueFactory = _ => "." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the SBOMs, one folder per project.", DefaultValueFactory = _ => "sboms" };
        var format = new Option<string?>("--format") { Description = "For generated SBOMs: cyclonedx-json, cyclonedx-json-1.5 or spdx-json (several separated by ';')." };
        var command = new Command("sbom", "Collect the SBOMs of every image the last publish of each project recorded (sc-security/image.json).") { root, output, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var records = ImageRecordFinder.Find(result.GetValue(root)!);
            if (records.Count == 0)
            {
                await context.Error.WriteLineAsync($"No sc-security/image.json below {Path.GetFullPath(result.GetValue(root)!)}: publish with an Sc*Enabled switch on first.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var formats = SbomFormats.Parse(result.GetValue(format));
            var status = ExitCodes.Ok;
            using var client = context.CreateClient(result);
            foreach (var path in records)
            {
                var record = await ImageRecordStore.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                var target = Path.Combine(Path.GetFullPath(result.GetValue(output)!), Path.GetFileNameWithoutExtension(record.Project));
                Directory.CreateDirectory(target);
                var recorded = Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "sbom.*")
                    .Where(f => f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".dsse.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                if (recorded.Count > 0)
                {
                    foreach (var file in recorded)
                    {
                        await AtomicFile.WriteAllBytesAsync(Path.Combine(target, Path.GetFileName(file)), await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    }

                    await context.Output.WriteLineAsync($"copied {recorded.Count} SBOM(s) of {record.Subject} ({record.Project}) to {target}").ConfigureAwait(false);
                    continue;
                }

                var generated = await new SbomStage(client, new SbomGenerator()).RunAsync(record, SecurityArtifactLayout.InFolder(target), new SbomOptions { Formats = formats, Required = true }, cancellationToken).ConfigureAwait(false);
                foreach (var diagnostic in generated.Diagnostics)
                {
                    await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }

                var code = generated.Outcome == StageOutcome.Succeeded ? ExitCodes.Ok : generated.Diagnostics.Select(ExitCodes.For).DefaultIfEmpty(ExitCodes.Failure).Max();
                await context.Output.WriteLineAsync($"{(code == ExitCodes.Ok ? "generated" : "FAILED")} SBOM(s) of {record.Subject} ({record.Project}) in {target}").ConfigureAwait(false);
                status = Math.Max(status, code);
            }

            return status;
        });
        return command;
    }
}
