using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>
/// <c>sc sbom generate --image REF | --archive PATH [--format F] [--output FILE | --output-dir DIR]</c>: the SBOM of an
/// image, made by the publish's SBOM stage (<see cref="SbomStage.GenerateAsync"/>): same generator, same rules, and in
/// <c>--output-dir</c> the same file names.
/// </summary>
internal static class SbomGenerateCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string?>("--image") { Description = "The image in a registry (a tag is resolved to its digest)." };
        var archive = new Option<string?>("--archive") { Description = "An OCI image layout: a folder, or the tar dotnet publish writes with ContainerArchiveOutputPath." };
        var format = new Option<string?>("--format") { Description = $"cyclonedx-json (1.6), cyclonedx-json-1.5 or spdx-json (default {SecuritySettings.DefaultSbomFormat})." };
        var output = new Option<string?>("--output") { Description = "The file to write (default: standard output). For several platforms, the platform goes into the name." };
        var outputDirectory = new Option<string?>("--output-dir") { Description = "A folder to write the SBOM files into, named as the publish names them in sc-security/ (sbom.cdx.json, sbom.linux-amd64.cdx.json)." };
        var name = new Option<string?>("--name") { Description = "The image name recorded for an archive (default: the archive's file name)." };
        var command = new Command("generate", "Generate the SBOM (OS packages) of an image, from a registry or an OCI archive.") { image, archive, format, output, outputDirectory, name };
        command.SetAction(async (result, cancellationToken) =>
        {
            var formats = new CliSettings(result).Add(format, SecuritySettings.SbomFormat).Resolve(context).Sbom.Formats;
            if (formats.Count != 1)
            {
                throw new ArgumentException("--format takes one format.");
            }

            if (result.GetValue(output) is not null && result.GetValue(outputDirectory) is not null)
            {
                throw new ArgumentException("Give --output or --output-dir, not both.");
            }

            using var client = context.CreateClient(result);
            OciImageLayout? layout = null;
            try
            {
                IReadOnlyList<PlatformImage> platforms;
                if (result.GetValue(image) is { } reference)
                {
                    platforms = await ImagePlatforms.FromRegistryAsync(client, ImageReference.Parse(reference), cancellationToken).ConfigureAwait(false);
                }
                else if (result.GetValue(archive) is { } path)
                {
                    layout = await OciImageLayout.OpenAsync(path, cancellationToken).ConfigureAwait(false);
                    platforms = await ImagePlatforms.FromLayoutAsync(layout, result.GetValue(name) ?? Path.GetFileNameWithoutExtension(path), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    throw new ArgumentException("Give --image or --archive.");
                }

                var stage = new SbomStage(client, new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(context.GetVariable)));
                var generated = await stage.GenerateAsync(platforms, new SbomOptions { Formats = formats }, cancellationToken).ConfigureAwait(false);
                foreach (var diagnostic in generated.Diagnostics)
                {
                    await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }

                foreach (var document in generated.Documents)
                {
                    var target = Target(document, platforms.Count, result.GetValue(output), result.GetValue(outputDirectory));
                    if (target is null)
                    {
                        await context.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(document.Bytes)).ConfigureAwait(false);
                        continue;
                    }

                    await IO.AtomicFile.WriteAllBytesAsync(target, document.Bytes, cancellationToken).ConfigureAwait(false);
                    await context.Error.WriteLineAsync($"wrote {target} ({document.Components} components)").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
            finally
            {
                layout?.Dispose();
            }
        });
        return command;
    }

    /// <summary>The file a document goes to: null for standard output.</summary>
    private static string? Target(GeneratedSbom document, int platforms, string? file, string? directory) =>
        directory is not null ? Path.Combine(directory, document.FileName)
        : file is null ? null
        : platforms == 1 || document.Platform.Platform is null ? file
        : InsertPlatform(file, document.Platform.Platform);

    private static string InsertPlatform(string file, string platform)
    {
        var directory = Path.GetDirectoryName(file) ?? string.Empty;
        var fileName = Path.GetFileName(file);
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var suffix = platform.Replace('/', '-');
        return Path.Combine(directory, dot < 0 ? $"{fileName}.{suffix}" : $"{fileName[..dot]}.{suffix}{fileName[dot..]}");
    }
}
