using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.Apk;

/// <summary>Installed Alpine (and Wolfi) packages from <c>/lib/apk/db/installed</c>.</summary>
public sealed class ApkCataloger : ICataloger
{
    public const string CatalogerName = "apk-db-cataloger";
    private const string InstalledPath = "/lib/apk/db/installed";

    public string Name => CatalogerName;

    public IReadOnlyList<FilePattern> Patterns { get; } = [FilePattern.Exact(InstalledPath)];

    public CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnostics = new List<ScDiagnostic>();
        var entries = new List<ApkEntry>();
        foreach (var file in context.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var record in ApkInstalledParser.Parse(TextLines.Split(file.Content)))
            {
                var problem = record.Problem;
                var line = record.ProblemLine;
                if (problem is null && (!record.Fields.TryGetValue('P', out var name) || name.Length == 0))
                {
                    (problem, line) = ("the record has no P: (package name) line", record.Line);
                }
                else if (problem is null && (!record.Fields.TryGetValue('V', out var version) || version.Length == 0))
                {
                    (problem, line) = ($"the record of '{record.Fields['P']}' has no V: (version) line", record.Line);
                }

                if (problem is not null)
                {
                    diagnostics.Add(new ScDiagnostic(DiagnosticIds.PackageDatabaseMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, line, problem, CatalogerName));
                    continue;
                }

                entries.Add(ToEntry(record.Fields, file));
            }
        }

        var namespaceId = context.Release?.Id ?? "alpine";
        var distro = context.Release?.DistroQualifier;
        var purls = entries.ToDictionary(e => e, e => Purl.Apk(namespaceId, e.Name, e.Version, e.Architecture, distro));
        var providers = new Dictionary<string, ApkEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var provided in entry.Provides.Prepend(entry.Name))
            {
                providers.TryAdd(provided, entry);
            }
        }

        var packages = entries.Select(e => new CatalogedPackage
        {
            Name = e.Name,
            Version = e.Version,
            Purl = purls[e],
            License = e.License,
            Supplier = e.Maintainer,
            Description = e.Description,
            Homepage = e.Url,
            Properties = Properties(e),
            DependsOn = e.Depends.Select(d => providers.GetValueOrDefault(d)).OfType<ApkEntry>().Where(d => d != e).Select(d => purls[d]).Distinct().ToList(),
            Cataloger = CatalogerName,
            LayerDigest = e.File.LayerDigest,
            Path = e.File.RealPath,
        }).ToList();
        return new CatalogResult(packages, diagnostics);
    }

    private static ApkEntry ToEntry(IReadOnlyDictionary<char, string> fields, ImageFile file) => new()
    {
        Name = fields['P'],
        Version = fields['V'],
        Architecture = fields.GetValueOrDefault('A'),
        License = fields.GetValueOrDefault('L'),
        Origin = fields.GetValueOrDefault('o'),
        Maintainer = fields.GetValueOrDefault('m'),
        Url = fields.GetValueOrDefault('U'),
        Description = fields.GetValueOrDefault('T'),
        BuildTime = fields.GetValueOrDefault('t'),
        Commit = fields.GetValueOrDefault('c'),
        InstalledSize = fields.GetValueOrDefault('I'),
        Provides = Names(fields.GetValueOrDefault('p')),
        Depends = Names(fields.GetValueOrDefault('D')).Where(n => !n.StartsWith('!')).ToList(),
        File = file,
    };

    /// <summary><c>so:libc.musl-x86_64.so.1=1 cmd:busybox=1.36.1-r29</c> → the names, constraints removed.</summary>
    private static List<string> Names(string? field) =>
        (field ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(token => token[..(token.IndexOfAny(['=', '<', '>', '~']) is var at and >= 0 ? at : token.Length)])
            .Where(name => name.Length > 0)
            .ToList();

    private static List<SbomProperty> Properties(ApkEntry entry) => SbomProperty.WhereSet(
        (SbomProperty.ApkOrigin, entry.Origin),
        ("sc:apk:commit", entry.Commit),
        ("sc:apk:build-time", entry.BuildTime),
        ("sc:apk:installed-size", entry.InstalledSize));
}
