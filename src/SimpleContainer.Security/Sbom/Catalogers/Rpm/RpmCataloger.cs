using Microsoft.Data.Sqlite;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>
/// Installed rpm packages from the SQLite rpmdb of rpm 4.16+ (<c>/var/lib/rpm/rpmdb.sqlite</c>, or
/// <c>/usr/lib/sysimage/rpm/rpmdb.sqlite</c> where Fedora keeps it; with its <c>-wal</c> log when present) and from the package manifest of Azure Linux
/// distroless images (<c>/var/lib/rpmmanifest/container-manifest-2</c>). The Berkeley DB and NDB databases of older
/// releases are not read.
/// </summary>
public sealed class RpmCataloger : ICataloger
{
    public const string CatalogerName = "rpm-db-cataloger";
    private const string DatabaseName = "rpmdb.sqlite";
    private const string LogSuffix = "-wal";
    private const string ManifestPath = "/var/lib/rpmmanifest/container-manifest-2";

    public string Name => CatalogerName;

    public IReadOnlyList<FilePattern> Patterns { get; } =
    [
        FilePattern.Exact("/var/lib/rpm/" + DatabaseName),
        FilePattern.Exact("/usr/lib/sysimage/rpm/" + DatabaseName),
        FilePattern.Exact("/var/lib/rpm/" + DatabaseName + LogSuffix),
        FilePattern.Exact("/usr/lib/sysimage/rpm/" + DatabaseName + LogSuffix),
        FilePattern.Exact(ManifestPath),
    ];

    public CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnostics = new List<ScDiagnostic>();
        var found = new List<(RpmEntry Entry, ImageFile File)>();

        // /var/lib/rpm is a link to /usr/lib/sysimage/rpm on Fedora: the same bytes can be selected twice.
        var files = context.Files.DistinctBy(f => (f.RealPath, f.LayerDigest)).ToList();
        var logs = files.Where(f => f.RealPath.EndsWith(LogSuffix, StringComparison.Ordinal)).ToList();
        foreach (var file in files.Except(logs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var log = logs.FirstOrDefault(l => l.RealPath == file.RealPath + LogSuffix)?.Content;
            var entries = file.Path == ManifestPath
                ? ReadManifest(file, diagnostics)
                : ReadDatabase(file, log, diagnostics, cancellationToken);
            found.AddRange(entries.Select(e => (e, file)));
        }

        var release = context.Release;
        var namespaceId = release is null ? null : PurlNamespace(release.Id);
        var distro = release?.DistroQualifier;
        var packages = found.Select(f => new CatalogedPackage
        {
            Name = f.Entry.Name,
            Version = f.Entry.FullVersion,
            Purl = Purl.Rpm(namespaceId, f.Entry.Name, $"{f.Entry.Version}-{f.Entry.Release}", f.Entry.Architecture, f.Entry.Epoch, f.Entry.SourceRpm, distro),
            License = f.Entry.License,
            Supplier = f.Entry.Vendor,
            Homepage = f.Entry.Url,
            Properties = Properties(f.Entry),
            Cataloger = CatalogerName,
            LayerDigest = f.File.LayerDigest,
            Path = f.File.RealPath,
        }).ToList();
        return new CatalogResult(packages, diagnostics);
    }

    /// <summary>The distribution id, except that Red Hat's packages are <c>redhat</c> (as syft and Red Hat's VEX name them).</summary>
    private static string PurlNamespace(string distributionId) => distributionId switch
    {
        "rhel" => "redhat",
        _ when distributionId.StartsWith("opensuse", StringComparison.Ordinal) => "opensuse",
        _ => distributionId,
    };

    private static List<RpmEntry> ReadDatabase(ImageFile file, ReadOnlyMemory<byte>? log, List<ScDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        IReadOnlyList<RpmHeaderBlob> blobs;
        try
        {
            blobs = RpmSqliteDatabase.ReadHeaders(file.Content, log, cancellationToken);
        }
        catch (SqliteException e)
        {
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.RpmDatabaseUnreadable, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, e.Message.TrimEnd('.')));
            return [];
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            // The native SQLite library of Microsoft.Data.Sqlite is missing for this platform or host.
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.RpmSqliteUnavailable, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, e.GetBaseException().Message.Split('\n')[0].Trim().TrimEnd('.', ':')));
            return [];
        }

        var entries = new List<RpmEntry>();
        foreach (var blob in blobs)
        {
            var header = RpmHeader.Parse(blob.Blob, out var problem);
            var entry = header is null ? null : RpmEntry.FromHeader(header, out problem);
            if (entry is null)
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.RpmHeaderMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, blob.Number, problem));
                continue;
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static List<RpmEntry> ReadManifest(ImageFile file, List<ScDiagnostic> diagnostics)
    {
        var entries = new List<RpmEntry>();
        foreach (var line in RpmManifestParser.Parse(TextLines.Split(file.Content)))
        {
            if (line.Entry is null)
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.PackageDatabaseMalformed, DiagnosticSeverity.Warning, file.RealPath, file.LayerDigest, line.Line, line.Problem, CatalogerName));
                continue;
            }

            entries.Add(line.Entry);
        }

        return entries;
    }

    private static List<SbomProperty> Properties(RpmEntry entry) => SbomProperty.WhereSet(
        (SbomProperty.RpmSourceRpm, entry.SourceRpm),
        ("sc:rpm:packager", entry.Packager),
        ("sc:rpm:size", entry.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
