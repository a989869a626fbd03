using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// .NET components from every <c>*.deps.json</c> in the image. An app's deps.json gives its NuGet packages
/// (<c>pkg:nuget/Name@version</c>, SHA-512 from <c>sha512</c>), the app itself (its <c>project</c> library, type
/// application) and its dependency graph. A shared framework's deps.json
/// (<c>shared/Microsoft.NETCore.App/10.0.12/Microsoft.NETCore.App.deps.json</c>) gives the framework as the runtime pack
/// it was built from, <c>pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12</c>, type framework, as syft's
/// dotnet-deps cataloger names it; a self-contained app's <c>runtimepack</c> libraries are named the same way.
/// </summary>
public sealed class DotNetDepsCataloger : ICataloger
{
    public const string CatalogerName = "dotnet-deps-cataloger";
    public const string FrameworkProperty = "sc:dotnet:framework";
    private const string Suffix = ".deps.json";
    private const string RuntimePackPrefix = "runtimepack.";

    public string Name => CatalogerName;

    public IReadOnlyList<FilePattern> Patterns { get; } = [FilePattern.Glob("/**/*" + Suffix)];

    public CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnostics = new List<ScDiagnostic>();
        var packages = new List<CatalogedPackage>();
        foreach (var file in context.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DepsJson deps;
            try
            {
                deps = DepsJsonParser.Parse(file.Content);
            }
            catch (JsonException ex)
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.DepsJsonMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, ex.Message.TrimEnd('.')));
                continue;
            }

            diagnostics.AddRange(deps.Problems.Select(p => Problem(file, p.Key, p.Reason)));
            packages.AddRange(FromFile(file, deps, diagnostics));
        }

        return new CatalogResult(packages, diagnostics);
    }

    /// <summary>The shared framework a deps.json belongs to (<c>…/shared/&lt;name&gt;/&lt;version&gt;/&lt;name&gt;.deps.json</c>), or null for an app.</summary>
    private static string? SharedFramework(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 4 && segments[^4] == "shared" && segments[^1] == segments[^3] + Suffix ? segments[^3] : null;
    }

    private static List<CatalogedPackage> FromFile(ImageFile file, DepsJson deps, List<ScDiagnostic> diagnostics)
    {
        var framework = SharedFramework(file.RealPath);
        var appName = Path.GetFileName(file.RealPath)[..^Suffix.Length];
        var found = new Dictionary<string, (DepsLibrary Library, CatalogedPackage Package)>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in deps.Libraries)
        {
            var kind = Kind(library, framework, appName);
            if (kind is null)
            {
                continue;
            }

            var name = library.Type == "runtimepack" && library.Name.StartsWith(RuntimePackPrefix, StringComparison.Ordinal) ? library.Name[RuntimePackPrefix.Length..] : library.Name;
            SbomHash? hash;
            try
            {
                hash = NuGetHash.FromSha512(library.Sha512);
            }
            catch (FormatException ex)
            {
                diagnostics.Add(Problem(file, $"{library.Name}/{library.Version}", ex.Message));
                continue;
            }

            var properties = new List<SbomProperty> { new("sc:dotnet:library-type", library.Type) };
            if (framework is not null)
            {
                properties.Add(new SbomProperty(FrameworkProperty, framework));
            }

            if (deps.RuntimeTarget is { Length: > 0 } runtimeTarget)
            {
                properties.Add(new SbomProperty("sc:dotnet:runtime-target", runtimeTarget));
            }

            found.TryAdd(library.Name, (library, new CatalogedPackage
            {
                Name = name,
                Version = library.Version,
                Type = kind.Value,
                Purl = Purl.NuGet(name, library.Version),
                Hashes = hash is null ? [] : [hash],
                Properties = properties,
                Cataloger = CatalogerName,
                LayerDigest = file.LayerDigest,
                Path = file.RealPath,
            }));
        }

        if (framework is not null && found.Count == 0)
        {
            // A framework deps.json without its pack library: name the pack from the folder and the runtime target.
            var version = Path.GetFileName(Path.GetDirectoryName(file.RealPath)) ?? string.Empty;
            var pack = deps.RuntimeIdentifier is { } rid ? $"{framework}.Runtime.{rid}" : framework;
            found[pack] = (new DepsLibrary(pack, version, "framework", null, null, []), new CatalogedPackage
            {
                Name = pack,
                Version = version,
                Type = ComponentType.Framework,
                Purl = Purl.NuGet(pack, version),
                Properties = [new SbomProperty(FrameworkProperty, framework)],
                Cataloger = CatalogerName,
                LayerDigest = file.LayerDigest,
                Path = file.RealPath,
            });
        }

        return found.Values.Select(f => f.Package with
        {
            DependsOn = f.Library.Dependencies
                .Select(d => found.GetValueOrDefault(d.Key).Package?.Purl)
                .OfType<Purl>()
                .Distinct()
                .ToList(),
        }).ToList();
    }

    private static ComponentType? Kind(DepsLibrary library, string? framework, string appName) => library.Type switch
    {
        "package" when framework is not null => ComponentType.Framework,
        "package" => ComponentType.Library,
        "runtimepack" => ComponentType.Framework,
        "project" when string.Equals(library.Name, appName, StringComparison.OrdinalIgnoreCase) => ComponentType.Application,
        "project" => ComponentType.Library,
        _ => null,
    };

    private static ScDiagnostic Problem(ImageFile file, string key, string reason) =>
        new(DiagnosticIds.DepsJsonLibraryMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, key, reason);
}
