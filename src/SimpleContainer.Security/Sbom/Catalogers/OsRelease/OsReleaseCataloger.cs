using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers.OsRelease;

/// <summary>
/// Identifies the operating system from <c>/etc/os-release</c>, else <c>/usr/lib/os-release</c>: one
/// operating-system component, and the release later catalogers use for purl namespaces and <c>distro</c> qualifiers.
/// </summary>
public sealed class OsReleaseCataloger : ICataloger
{
    public const string CatalogerName = "os-release-cataloger";
    private const string EtcPath = "/etc/os-release";
    private const string UsrLibPath = "/usr/lib/os-release";

    public string Name => CatalogerName;

    public IReadOnlyList<FilePattern> Patterns { get; } = [FilePattern.Exact(EtcPath), FilePattern.Exact(UsrLibPath)];

    public CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Files.FirstOrDefault(f => f.Path == EtcPath) ?? context.Files.FirstOrDefault(f => f.Path == UsrLibPath);
        var diagnostics = new List<ScDiagnostic>();
        if (file is null)
        {
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.OsReleaseNotFound, DiagnosticSeverity.Message));
            return new CatalogResult([], diagnostics);
        }

        var release = OsReleaseParser.Parse(file, diagnostics);
        var component = new CatalogedPackage
        {
            Name = release.Id,
            Version = release.VersionId ?? release.VersionCodename,
            Type = ComponentType.OperatingSystem,
            Description = release.PrettyName ?? release.Name,
            Homepage = release.HomeUrl,
            Cataloger = CatalogerName,
            LayerDigest = file.LayerDigest,
            Path = file.RealPath,
        };
        return new CatalogResult([component], diagnostics) { Release = release };
    }
}
