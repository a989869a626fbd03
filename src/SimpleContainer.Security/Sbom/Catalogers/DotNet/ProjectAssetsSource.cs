using System.Text.Json;
using System.Xml;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// The app's NuGet packages as the build resolved them, from <c>project.assets.json</c>: every package of the published
/// target with its exact version, SHA-512, direct/transitive kind and dependencies, licenses from the nuspecs, and the
/// app itself (<c>pkg:nuget/&lt;project&gt;@&lt;version&gt;</c>, type application) depending on its direct packages and,
/// when self-contained, on the runtime packs of its framework references (type framework).
/// Problems are coded diagnostics; the packages then are missing, never guessed.
/// </summary>
public static class ProjectAssetsSource
{
    public const string CatalogerName = "dotnet-project-assets-cataloger";
    public const string DependencyKindProperty = "sc:dotnet:dependency-kind";
    public const string TargetFrameworkProperty = "sc:dotnet:target-framework";
    public const string RuntimeIdentifierProperty = "sc:dotnet:runtime-identifier";

    public static async Task<CatalogResult> ReadAsync(DotNetProjectInputs inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var path = Path.GetFullPath(inputs.AssetsFile);
        if (!File.Exists(path))
        {
            return new CatalogResult([], [new ScDiagnostic(DiagnosticIds.ProjectAssetsMissing, DiagnosticSeverity.Warning, path)]);
        }

        ProjectAssets assets;
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            assets = ProjectAssetsParser.Parse(bytes, inputs.TargetFramework, inputs.RuntimeIdentifier);
        }
        catch (JsonException ex)
        {
            return new CatalogResult([], [new ScDiagnostic(DiagnosticIds.ProjectAssetsMalformed, DiagnosticSeverity.Warning, path, ex.Message.TrimEnd('.'))]);
        }
        catch (KeyNotFoundException ex)
        {
            var wanted = string.IsNullOrWhiteSpace(inputs.RuntimeIdentifier) ? inputs.TargetFramework : $"{inputs.TargetFramework}/{inputs.RuntimeIdentifier}";
            return new CatalogResult([], [new ScDiagnostic(DiagnosticIds.ProjectAssetsTargetMissing, DiagnosticSeverity.Warning, path, wanted ?? string.Empty, ex.Message)]);
        }

        var diagnostics = new List<ScDiagnostic>();
        var packages = new List<CatalogedPackage>();
        var byId = assets.Packages.ToDictionary(p => p.Id, p => Purl.NuGet(p.Id, p.Version), StringComparer.OrdinalIgnoreCase);
        var frameworkName = assets.Target.Split('/')[0];
        var rid = assets.Target.Contains('/', StringComparison.Ordinal) ? assets.Target[(assets.Target.IndexOf('/', StringComparison.Ordinal) + 1)..] : null;
        foreach (var package in assets.Packages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SbomHash? hash = null;
            try
            {
                hash = NuGetHash.FromSha512(package.Sha512);
            }
            catch (FormatException ex)
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.ProjectAssetsMalformed, DiagnosticSeverity.Warning, path, $"{package.Id}/{package.Version}: {ex.Message}"));
            }

            var license = package.Type == "package" ? await LicenseAsync(inputs.PackagesRoot, package, diagnostics, cancellationToken).ConfigureAwait(false) : null;
            packages.Add(new CatalogedPackage
            {
                Name = package.Id,
                Version = package.Version,
                Purl = byId[package.Id],
                Hashes = hash is null ? [] : [hash],
                License = license,
                Properties = Properties(package.Direct ? "direct" : "transitive", frameworkName, rid),
                DependsOn = package.Dependencies.Select(d => byId.GetValueOrDefault(d)).OfType<Purl>().Distinct().ToList(),
                Cataloger = CatalogerName,
                LayerDigest = null,
                Path = path,
            });
        }

        var runtimePacks = new List<Purl>();
        foreach (var (id, packVersion) in inputs.SelfContained ? assets.RuntimePacks : [])
        {
            var purl = Purl.NuGet(id, packVersion);
            runtimePacks.Add(purl);
            packages.Add(new CatalogedPackage
            {
                Name = id,
                Version = packVersion,
                Type = ComponentType.Framework,
                Purl = purl,
                Hashes = await PackHashAsync(inputs.PackagesRoot, id, packVersion, cancellationToken).ConfigureAwait(false) is { } packHash ? [packHash] : [],
                Properties = Properties("runtime-pack", frameworkName, rid),
                Cataloger = CatalogerName,
                LayerDigest = null,
                Path = path,
            });
        }

        var version = string.IsNullOrWhiteSpace(assets.ProjectVersion) ? "1.0.0" : assets.ProjectVersion;
        packages.Insert(0, new CatalogedPackage
        {
            Name = assets.ProjectName,
            Version = version,
            Type = ComponentType.Application,
            Purl = Purl.NuGet(assets.ProjectName, version),
            Properties = Properties(null, frameworkName, rid),
            DependsOn = assets.Packages.Where(p => p.Direct).Select(p => byId[p.Id]).Concat(runtimePacks).ToList(),
            Cataloger = CatalogerName,
            LayerDigest = null,
            Path = path,
        });
        return new CatalogResult(packages, diagnostics);
    }

    private static List<SbomProperty> Properties(string? kind, string framework, string? rid)
    {
        var properties = new List<SbomProperty>();
        if (kind is not null)
        {
            properties.Add(new SbomProperty(DependencyKindProperty, kind));
        }

        properties.Add(new SbomProperty(TargetFrameworkProperty, framework));
        if (rid is not null)
        {
            properties.Add(new SbomProperty(RuntimeIdentifierProperty, rid));
        }

        return properties;
    }

    /// <summary>The SHA-512 NuGet recorded when it extracted a pack (<c>&lt;id&gt;.&lt;version&gt;.nupkg.sha512</c>), if it is there and well formed.</summary>
    private static async Task<SbomHash?> PackHashAsync(string? packagesRoot, string id, string version, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(packagesRoot))
        {
            return null;
        }

        var (lowerId, lowerVersion) = (id.ToLowerInvariant(), version.ToLowerInvariant());
        var file = Path.Combine(packagesRoot, lowerId, lowerVersion, $"{lowerId}.{lowerVersion}.nupkg.sha512");
        try
        {
            return File.Exists(file) ? NuGetHash.FromSha512((await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim()) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static async Task<string?> LicenseAsync(string? packagesRoot, AssetsPackage package, List<ScDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(packagesRoot))
        {
            return null;
        }

        var nuspec = NuspecLicenseReader.NuspecPath(packagesRoot, package.Id, package.Version);
        try
        {
            return await NuspecLicenseReader.ReadExpressionAsync(nuspec, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.NuspecUnreadable, DiagnosticSeverity.Warning, nuspec, $"{package.Id} {package.Version}", ex.Message.TrimEnd('.')));
            return null;
        }
    }
}
