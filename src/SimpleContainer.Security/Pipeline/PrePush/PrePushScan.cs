using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Targets;

namespace SimpleContainer.Security.Pipeline.PrePush;

/// <summary>What the SDK is about to push for one platform, as the publish knows it before CreateNewImage runs.</summary>
public sealed record PrePushImage
{
    /// <summary>The repository it will be pushed to, <c>registry/repository</c> (or the repository alone for a local daemon or archive).</summary>
    public required string Name { get; init; }

    /// <summary>The first tag it will carry, for messages.</summary>
    public string? Tag { get; init; }

    /// <summary>The resolved base image (ContainerBaseRegistry/Name/Tag/Digest).</summary>
    public required ImageReference BaseImage { get; init; }

    /// <summary>ContainerRuntimeIdentifier: picks the base image's platform.</summary>
    public required string RuntimeIdentifier { get; init; }

    /// <summary>PublishDir: the app the SDK puts in its layer.</summary>
    public required string PublishDirectory { get; init; }

    /// <summary>ContainerWorkingDirectory, where the app's files land (<c>/app/</c>).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary><c>registry/repository:tag</c>: how messages and reports name the image.</summary>
    public string Subject => Tag is null ? Name : $"{Name}:{Tag}";
}

/// <summary>What the scan before the push did, and what it judged (null when it could not catalogue the image).</summary>
public sealed record PrePushScanResult(ScanStageResult Scan, PrePushPackageSet? Judged, string? SbomPath)
{
    /// <summary>True when the push must not happen: the gate failed, or a required scan could not judge the image.</summary>
    public bool BlocksPush => Scan.Stage.Outcome == StageOutcome.Failed;
}

/// <summary>
/// The scan gate before the push: catalogues what the image will hold (the base image's layers for the target platform,
/// read from its registry and catalogued once per layer digest through the shared layer cache, plus the app's layer
/// from the publish folder and the packages the build resolved), and scans it with the scan stage's own data update,
/// scanners, policy and reports. The caller stops the push when <see cref="PrePushScanResult.BlocksPush"/>.
/// </summary>
public sealed class PrePushScan(RegistryClient client, SbomGenerator generator, IScannerProvider scanners, TimeProvider? time = null)
{
    public async Task<PrePushScanResult> RunAsync(PrePushImage image, ScanOptions options, string reportFolder, string recordFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        PrePushPackageSet? judged = null;
        string? sbomPath = null;
        var clock = time ?? TimeProvider.System;

        // The report of what may never be pushed goes nowhere else: DefectDojo gets the scan of the image pushed.
        var result = await new ScanStage(client, generator, scanners, clock).RunAsync(image.Subject, async diagnostics =>
        {
            var wanted = RuntimeIdentifierPlatform.Parse(image.RuntimeIdentifier);
            var (baseImage, platform) = await BasePlatformAsync(image.BaseImage, wanted, image.RuntimeIdentifier, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<CatalogedPackage> buildPackages = [];
            if (options.DotNetProject is { } project)
            {
                var fromBuild = await ProjectAssetsSource.ReadAsync(project, cancellationToken).ConfigureAwait(false);
                buildPackages = fromBuild.Packages;
                diagnostics.AddRange(fromBuild.Diagnostics);
            }

            var patterns = SbomGenerator.DefaultCatalogers().SelectMany(c => c.Patterns).ToList();
            var app = await PublishDirectoryLayer.CreateAsync(image.PublishDirectory, image.WorkingDirectory, patterns, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ImageLayer> layers = app is null ? baseImage.Layers : [.. baseImage.Layers, app];
            var subject = new SbomSubject { Name = image.Name, Digest = baseImage.Subject.Digest, Tag = image.Tag };
            var sbom = await generator.GenerateAsync(subject, layers, buildPackages, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(sbom.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message));

            // grype and trivy read the packages from this file, as they read the SBOM stage's after the push.
            Directory.CreateDirectory(recordFolder);
            sbomPath = Path.Combine(recordFolder, "sbom.cdx.json");
            await IO.AtomicFile.WriteAllBytesAsync(sbomPath, new CycloneDxJsonWriter().ToBytes(sbom.Document), cancellationToken).ConfigureAwait(false);

            // One platform per judgement: its messages read as a single image's (the subject and SCSEC4110 name the platform).
            var target = ScanTargets.FromDocument(sbom.Document, null) with { Name = image.Subject, Digest = null };
            judged = new PrePushPackageSet
            {
                Subject = image.Subject,
                Platform = platform,
                BaseImage = baseImage.Subject.Display,
                Created = clock.GetUtcNow(),
                Packages = [.. target.Packages.Select(p => p.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            };
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.PrePushScanned, DiagnosticSeverity.Message, image.Subject, platform, baseImage.Subject.Display, image.PublishDirectory, judged.Packages.Count));
            return [new ScanRequest { Target = target, SbomPath = sbomPath }];
        }, reportFolder, options with { DefectDojo = null, JudgedBeforePush = [] }, cancellationToken).ConfigureAwait(false);
        return new PrePushScanResult(result, judged, sbomPath);
    }

    /// <summary>The base image's manifest for the platform (from an index), or the image itself when it is a single manifest.</summary>
    private async Task<(PlatformImage Image, string Platform)> BasePlatformAsync(ImageReference baseImage, Platform wanted, string runtimeIdentifier, CancellationToken cancellationToken)
    {
        var platforms = await ImagePlatforms.FromRegistryAsync(client, baseImage, cancellationToken).ConfigureAwait(false);
        if (platforms.Count == 1 && platforms[0].Platform is null)
        {
            return (platforms[0], wanted.ToString());
        }

        var match = platforms.FirstOrDefault(p => p.Platform is { } text && RuntimeIdentifierPlatform.Matches(ParsePlatform(text), wanted))
            ?? throw new ScException(DiagnosticIds.PrePushBasePlatformMissing, baseImage, wanted, runtimeIdentifier, string.Join(", ", platforms.Select(p => p.Platform)));
        return (match, match.Platform!);
    }

    private static Platform ParsePlatform(string text)
    {
        var parts = text.Split('/');
        return new Platform { Os = parts[0], Architecture = parts.Length > 1 ? parts[1] : string.Empty, Variant = parts.Length > 2 ? parts[2] : null };
    }
}
