using System.CommandLine;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Writers;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary><c>sc sbom generate --image REF | --archive PATH [--format F] [--output FILE]</c>: the SBOM of an image, in-process.</summary>
internal static class SbomGenerateCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Option<string?>("--image") { Description = "The image in a registry (a tag is resolved to its digest)." };
        var archive = new Option<string?>("--archive") { Description = "An OCI image layout: a folder, or the tar dotnet publish writes with ContainerArchiveOutputPath." };
        var format = new Option<string?>("--format") { Description = $"cyclonedx-json (1.6), cyclonedx-json-1.5 or spdx-json (default {SecuritySettings.DefaultSbomFormat})." };
        var output = new Option<string?>("--output") { Description = "The file to write (default: standard output). For several platforms, the platform goes into the name." };
        var name = new Option<string?>("--name") { Description = "The image name recorded for an archive (default: the archive's file name)." };
        var command = new Command("generate", "Generate the SBOM (OS packages) of an image, from a registry or an OCI archive.") { image, archive, format, output, name };
        command.SetAction(async (result, cancellationToken) =>
        {
            var formats = new CliSettings(result).Add(format, SecuritySettings.SbomFormat).Resolve(context).Sbom.Formats;
            if (formats.Count != 1)
            {
                throw new ArgumentException("--format takes one format.");
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

                var generator = new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(context.GetVariable));
                foreach (var platform in platforms)
                {
                    var sbom = await generator.GenerateAsync(platform.Subject, platform.Layers, cancellationToken).ConfigureAwait(false);
                    foreach (var diagnostic in sbom.Diagnostics)
                    {
                        await context.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                    }

                    var bytes = formats[0].Writer.ToBytes(sbom.Document);
                    if (result.GetValue(output) is { } file)
                    {
                        var target = platforms.Count == 1 || platform.Platform is null ? file : InsertPlatform(file, platform.Platform);
                        await IO.AtomicFile.WriteAllBytesAsync(target, bytes, cancellationToken).ConfigureAwait(false);
                        await context.Error.WriteLineAsync($"wrote {target} ({sbom.Document.Components.Count} components)").ConfigureAwait(false);
                    }
                    else
                    {
                        await context.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
                    }
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

    private static string InsertPlatform(string file, string platform)
    {
        var directory = Path.GetDirectoryName(file) ?? string.Empty;
        var fileName = Path.GetFileName(file);
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var suffix = platform.Replace('/', '-');
        return Path.Combine(directory, dot < 0 ? $"{fileName}.{suffix}" : $"{fileName[..dot]}.{suffix}{fileName[dot..]}");
    }
}
