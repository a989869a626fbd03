using System.CommandLine;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc image scan --image REF | --sbom FILE [--tools builtin,grype,trivy] [--fail-on high] [--sarif FILE]</c>: the
/// vulnerability gate outside a build. Exit 0 passed, 1 the gate failed (or the scan did), 2 a required scanner is
/// missing, 3 bad configuration.
/// </summary>
internal static class ImageScanCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string?>("--image") { Description = "The image in a registry (every platform of a multi-arch image is scanned)." };
        var sbom = new Option<string?>("--sbom") { Description = "A CycloneDX JSON SBOM to scan instead of an image." };
        var outputDirectory = new Option<string>("--output-dir") { Description = "Where scan.json, scan.sarif and scan.md are written.", DefaultValueFactory = _ => "sc-scan" };
        var sarif = new Option<string?>("--sarif") { Description = "Also copy the SARIF report to this file (for GitHub code scanning)." };
        var json = new Option<string?>("--json") { Description = "Also copy scan.json to this file." };
        var shared = new ScanCommandOptions();
        var command = new Command("scan", "Scan an image (or an SBOM) for known vulnerabilities and apply the severity gate.") { image, sbom, outputDirectory, sarif, json };
        shared.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = shared.Create(result, context);
            var folder = Path.GetFullPath(result.GetValue(outputDirectory)!);
            using var client = context.CreateClient(result);
            await using var scanners = new ScannerProvider(shared.DatabasePath(result), context.GetVariable);
            var stage = new ScanStage(client, new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(context.GetVariable)), scanners);
            ScanStageResult scan = (result.GetValue(image), result.GetValue(sbom)) switch
            {
                ({ } reference, null) => await stage.RunAsync(ImageReference.Parse(reference), folder, options, cancellationToken).ConfigureAwait(false),
                (null, { } file) => await stage.RunAsync(file, folder, options, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException("Give either --image or --sbom."),
            };

            await CopyAsync(scan, ScanReportFiles.SarifKind, result.GetValue(sarif), cancellationToken).ConfigureAwait(false);
            await CopyAsync(scan, ScanReportFiles.JsonKind, result.GetValue(json), cancellationToken).ConfigureAwait(false);
            if (scan.Stage.Artifacts.FirstOrDefault(a => a.Kind == ScanReportFiles.MarkdownKind) is { } markdown)
            {
                await context.Output.WriteLineAsync(await File.ReadAllTextAsync(markdown.Path, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }

            return await ScanCommandOptions.ReportAsync(scan, options, context).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task CopyAsync(ScanStageResult scan, string kind, string? destination, CancellationToken cancellationToken)
    {
        if (destination is not null && scan.Stage.Artifacts.FirstOrDefault(a => a.Kind == kind) is { } artifact)
        {
            await IO.AtomicFile.WriteAllBytesAsync(Path.GetFullPath(destination), await File.ReadAllBytesAsync(artifact.Path, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }
}
