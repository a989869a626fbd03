using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Writers;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The SBOM stage's settings.</summary>
public sealed record SbomOptions
{
    public IReadOnlyList<SbomFormat> Formats { get; init; } = SbomFormats.Parse(null);

    /// <summary>An extra folder that gets a copy of every SBOM file.</summary>
    public string? OutputDirectory { get; init; }

    public bool Required { get; init; }

    /// <summary>builtin (in-process), or an installed syft or trivy.</summary>
    public Sbom.Backends.SbomTool Tool { get; init; } = Sbom.Backends.SbomTool.Builtin;

    /// <summary>The project's restore output, for the app's exact NuGet packages; null lists only what the image holds.</summary>
    public DotNetProjectInputs? DotNetProject { get; init; }
}

/// <summary>One SBOM document: a platform image in one format, with the file name the stage gives it.</summary>
public sealed record GeneratedSbom(PlatformImage Platform, SbomFormat Format, byte[] Bytes, int Components)
{
    /// <summary><c>sbom.cdx.json</c>, or <c>sbom.linux-amd64.cdx.json</c> for one platform of several.</summary>
    public string FileName => Format.FileName(Platform.Platform);
}

/// <summary>The documents the in-process generator made, and what it reported on the way.</summary>
public sealed record GeneratedSboms(IReadOnlyList<GeneratedSbom> Documents, IReadOnlyList<ScDiagnostic> Diagnostics);

/// <summary>
/// Generates the SBOM of the published image, in-process: every platform of a multi-arch image gets its own file
/// (<c>sbom.linux-amd64.cdx.json</c>), a single image <c>sbom.cdx.json</c> / <c>sbom.spdx.json</c>. Layers come from the
/// registry by digest, or from the archive in archive mode; the app's NuGet packages from project.assets.json are merged
/// into every platform's SBOM. Fails open unless required.
/// </summary>
public sealed class SbomStage(RegistryClient client, SbomGenerator generator, Sbom.Backends.ExternalSbomGenerator? external = null)
{
    public const string Name = "sbom";

    public async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SbomOptions options, CancellationToken cancellationToken)
    {
        var subject = record.Subject;
        try
        {
            return await RunCoreAsync(record, layout, options, subject, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            return StageResult.FromFailure(Name, ex.Diagnostic, options.Required, DiagnosticIds.SbomFailed, subject);
        }
    }

    private async Task<StageResult> RunCoreAsync(ImageRecord record, SecurityArtifactLayout layout, SbomOptions options, string subject, CancellationToken cancellationToken)
    {
        using var image = await RecordedImage.OpenAsync(client, record, cancellationToken).ConfigureAwait(false);
        var platforms = image.Platforms;
        if (options.Tool != Sbom.Backends.SbomTool.Builtin)
        {
            return await RunToolAsync(record, layout, options, platforms, cancellationToken).ConfigureAwait(false);
        }

        var generated = await GenerateAsync(platforms, options, cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<ScDiagnostic>(generated.Diagnostics);
        var artifacts = new List<SecurityArtifact>();
        foreach (var platform in platforms)
        {
            var files = new List<string>();
            var components = 0;
            foreach (var document in generated.Documents.Where(d => d.Platform == platform))
            {
                var artifact = await WriteAsync(layout, options, document.Format, platform, document.Bytes, cancellationToken).ConfigureAwait(false);
                files.Add(artifact.Path);
                artifacts.Add(artifact);
                components = document.Components;
            }

            diagnostics.Add(new ScDiagnostic(DiagnosticIds.SbomWritten, DiagnosticSeverity.Message, platform.Subject.Display, components, string.Join(", ", files)));
        }

        return new StageResult(Name, StageOutcome.Succeeded, diagnostics, artifacts);
    }

    /// <summary>
    /// The in-process generator's documents for each platform image in each of <see cref="SbomOptions.Formats"/>, the
    /// app's NuGet packages merged in when <see cref="SbomOptions.DotNetProject"/> is set; written by the stage, or by
    /// <c>sc sbom generate</c>. A refused image throws its <see cref="ScException"/>.
    /// </summary>
    public async Task<GeneratedSboms> GenerateAsync(IReadOnlyList<PlatformImage> platforms, SbomOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<ScDiagnostic>();
        IReadOnlyList<CatalogedPackage> buildPackages = [];
        if (options.DotNetProject is { } project)
        {
            var fromBuild = await ProjectAssetsSource.ReadAsync(project, cancellationToken).ConfigureAwait(false);
            buildPackages = fromBuild.Packages;
            diagnostics.AddRange(fromBuild.Diagnostics);
        }

        var documents = new List<GeneratedSbom>();
        foreach (var platform in platforms)
        {
            var result = await generator.GenerateAsync(platform.Subject, platform.Layers, buildPackages, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(result.Diagnostics);
            documents.AddRange(options.Formats.Select(format => new GeneratedSbom(platform, format, format.Writer.ToBytes(result.Document), result.Document.Components.Count)));
        }

        return new GeneratedSboms(documents, diagnostics);
    }

    /// <summary>The syft/trivy backend: the tool reads the same image (per platform for an index) and we keep its document.</summary>
    private async Task<StageResult> RunToolAsync(ImageRecord record, SecurityArtifactLayout layout, SbomOptions options, IReadOnlyList<PlatformImage> platforms, CancellationToken cancellationToken)
    {
        var tool = external ?? throw new InvalidOperationException("No external generator was given for " + options.Tool);
        var insecure = record.Registry is { } registry && tool.IsInsecure(registry);
        var diagnostics = new List<ScDiagnostic>();
        var artifacts = new List<SecurityArtifact>();
        foreach (var platform in platforms)
        {
            var target = new Sbom.Backends.SbomToolTarget(
                record.PushedReference(platform.Subject.Digest.ToString()),
                record.Pushed ? null : record.ArchivePath,
                platforms.Count > 1 ? platform.Platform : null,
                insecure);
            foreach (var format in options.Formats)
            {
                var (bytes, components) = await tool.GenerateAsync(options.Tool, target, format, cancellationToken).ConfigureAwait(false);
                var artifact = await WriteAsync(layout, options, format, platform, bytes, cancellationToken).ConfigureAwait(false);
                artifacts.Add(artifact);
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.SbomWritten, DiagnosticSeverity.Message, $"{platform.Subject.Display} ({options.Tool.ToString().ToLowerInvariant()})", components, artifact.Path));
            }
        }

        return new StageResult(Name, StageOutcome.Succeeded, diagnostics, artifacts);
    }

    /// <summary>Writes one SBOM file under <c>sc-security/</c> (and its copy in <see cref="SbomOptions.OutputDirectory"/>); returns its artifact.</summary>
    private static async Task<SecurityArtifact> WriteAsync(SecurityArtifactLayout layout, SbomOptions options, SbomFormat format, PlatformImage platform, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(layout.Root, format.FileName(platform.Platform));
        await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        if (options.OutputDirectory is { Length: > 0 } extra)
        {
            await AtomicFile.WriteAllBytesAsync(Path.Combine(extra, Path.GetFileName(path)), bytes, cancellationToken).ConfigureAwait(false);
        }

        return new SecurityArtifact(path, SecurityArtifactLayout.SbomKind, platform.Subject.Digest.ToString());
    }
}
