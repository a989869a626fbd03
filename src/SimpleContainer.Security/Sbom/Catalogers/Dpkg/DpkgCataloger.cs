using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.Dpkg;

/// <summary>
/// Installed Debian packages from <c>/var/lib/dpkg/status</c> and the per-package files of <c>/var/lib/dpkg/status.d/</c>
/// (distroless and chiseled images, where a stanza may have no Status line).
/// </summary>
public sealed class DpkgCataloger : ICataloger
{
    public const string CatalogerName = "dpkg-db-cataloger";
    private const string StatusPath = "/var/lib/dpkg/status";
    private const string StatusDirectory = "/var/lib/dpkg/status.d";

    public string Name => CatalogerName;

    public IReadOnlyList<FilePattern> Patterns { get; } = [FilePattern.Exact(StatusPath), FilePattern.Glob(StatusDirectory + "/*")];

    public CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnostics = new List<ScDiagnostic>();
        var entries = new List<DpkgEntry>();
        foreach (var file in context.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inStatusDirectory = file.Path.StartsWith(StatusDirectory + "/", StringComparison.Ordinal);
            if (inStatusDirectory && file.Path.EndsWith(".md5sums", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var paragraph in Deb822Parser.Parse(TextLines.Split(file.Content)))
            {
                string? problem = paragraph.Problem;
                var entry = problem is null ? DpkgEntry.FromFields(paragraph.Fields, file, statusRequired: !inStatusDirectory, out problem) : null;
                if (problem is not null)
                {
                    var line = paragraph.Problem is null ? paragraph.Line : paragraph.ProblemLine;
                    diagnostics.Add(new ScDiagnostic(DiagnosticIds.PackageDatabaseMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, line, problem, CatalogerName));
                }
                else if (entry is not null)
                {
                    entries.Add(entry);
                }
            }
        }

        var namespaceId = context.Release?.Id ?? "debian";
        var distro = context.Release?.DistroQualifier;
        var purls = entries.ToDictionary(e => e, e => Purl.Deb(namespaceId, e.Name, e.Version, e.Architecture, distro));
        var resolver = new DpkgDependencyResolver(entries);
        var packages = entries.Select(e => new CatalogedPackage
        {
            Name = e.Name,
            Version = e.Version,
            Purl = purls[e],
            Supplier = e.Maintainer,
            Description = e.Summary,
            Homepage = e.Homepage,
            Properties = Properties(e),
            DependsOn = resolver.Resolve(e).Select(d => purls[d]).Distinct().ToList(),
            Cataloger = CatalogerName,
            LayerDigest = e.File.LayerDigest,
            Path = e.File.RealPath,
        }).ToList();
        return new CatalogResult(packages, diagnostics);
    }

    private static List<SbomProperty> Properties(DpkgEntry entry)
    {
        var properties = new List<SbomProperty>
        {
            new(SbomProperty.DpkgSource, entry.Source),
            new("sc:dpkg:source-version", entry.SourceVersion),
        };
        if (entry.InstalledSize is not null)
        {
            properties.Add(new("sc:dpkg:installed-size-kib", entry.InstalledSize));
        }

        return properties;
    }
}
