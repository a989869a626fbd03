using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.Apk;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Catalogers.Dpkg;
using SimpleContainer.Security.Sbom.Catalogers.OsRelease;
using SimpleContainer.Security.Sbom.Catalogers.Rpm;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom;

/// <summary>Gives each SBOM its unique id; tests pin it.</summary>
public interface IDocumentIdSource
{
    Guid NewId();
}

/// <summary>Random (version 4) ids.</summary>
public sealed class RandomDocumentIdSource : IDocumentIdSource
{
    public Guid NewId() => Guid.NewGuid();
}

/// <summary>An SBOM and the diagnostics raised while making it (skipped files, malformed entries).</summary>
public sealed record SbomResult(SbomDocument Document, IReadOnlyList<ScDiagnostic> Diagnostics);

/// <summary>
/// Makes the SBOM of one image: selects every file the catalogers ask for in one pass over the layers, runs the
/// catalogers in order, and assembles the document. Layer-level failures throw a coded <see cref="ScException"/>.
/// </summary>
public sealed class SbomGenerator
{
    private readonly IReadOnlyList<ICataloger> _catalogers;
    private readonly ImageFilesystemOptions _options;
    private readonly ILayerCatalogCache _cache;
    private readonly TimeProvider _time;
    private readonly IDocumentIdSource _ids;

    public SbomGenerator(
        IReadOnlyList<ICataloger>? catalogers = null,
        ImageFilesystemOptions? options = null,
        ILayerCatalogCache? cache = null,
        TimeProvider? time = null,
        IDocumentIdSource? ids = null)
    {
        _catalogers = catalogers ?? DefaultCatalogers();
        _options = options ?? ImageFilesystemOptions.Default;
        _cache = cache ?? new InMemoryLayerCatalogCache();
        _time = time ?? TimeProvider.System;
        _ids = ids ?? new RandomDocumentIdSource();
    }

    /// <summary>The OS release first (later catalogers use it), then dpkg, apk, rpm and .NET deps.json.</summary>
    public static IReadOnlyList<ICataloger> DefaultCatalogers() => [new OsReleaseCataloger(), new DpkgCataloger(), new ApkCataloger(), new RpmCataloger(), new DotNetDepsCataloger()];

    /// <summary>How many packages a diagnostic names before it says "and N more".</summary>
    internal const int NamedPackages = 20;

    public static SbomCreatorTool Tool { get; } = new(
        "SimpleContainer",
        ProductInfo.Name,
        ProductInfo.Version);

    public Task<SbomResult> GenerateAsync(SbomSubject subject, IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken = default) =>
        GenerateAsync(subject, layers, [], cancellationToken);

    /// <summary>
    /// The SBOM of the image's layers, merged with <paramref name="buildPackages"/> (what the build knows exactly, for
    /// example from project.assets.json): a package found both ways is one component with both locations.
    /// </summary>
    public async Task<SbomResult> GenerateAsync(SbomSubject subject, IReadOnlyList<ImageLayer> layers, IReadOnlyList<CatalogedPackage> buildPackages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(buildPackages);
        var filesystem = new ImageFilesystem(layers, _options, _cache);
        var selection = await filesystem.SelectAsync(_catalogers.SelectMany(c => c.Patterns).ToList(), cancellationToken).ConfigureAwait(false);
        var diagnostics = new List<ScDiagnostic>(selection.Diagnostics);
        var packages = new List<CatalogedPackage>();
        LinuxRelease? release = null;
        foreach (var cataloger in _catalogers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = cataloger.Catalog(new CatalogContext(selection.Matching(cataloger.Patterns), release), cancellationToken);
            release ??= result.Release;
            packages.AddRange(result.Packages);
            diagnostics.AddRange(result.Diagnostics);
        }

        if (release is null && WithoutRelease(packages) is { } unknownRelease)
        {
            diagnostics.Add(unknownRelease);
        }

        packages.AddRange(buildPackages);
        var document = SbomAssembler.Assemble(subject, packages, [Tool], _time.GetUtcNow(), _ids.NewId());
        return new SbomResult(document, diagnostics);
    }

    /// <summary>deb, apk and rpm packages without an os-release match no distribution's advisories: a warning naming them.</summary>
    private static ScDiagnostic? WithoutRelease(List<CatalogedPackage> packages)
    {
        var osPackages = packages.Where(p => p.Purl?.Type is "deb" or "apk" or "rpm").Select(p => $"{p.Name}@{p.Version}").ToList();
        return osPackages.Count == 0
            ? null
            : new ScDiagnostic(DiagnosticIds.OsPackagesWithoutRelease, DiagnosticSeverity.Warning, osPackages.Count, PackageList(osPackages));
    }

    /// <summary>The first <see cref="NamedPackages"/> names, then how many more.</summary>
    internal static string PackageList(IReadOnlyList<string> names) =>
        names.Count <= NamedPackages ? string.Join(", ", names) : string.Join(", ", names.Take(NamedPackages)) + $" and {names.Count - NamedPackages} more";
}
