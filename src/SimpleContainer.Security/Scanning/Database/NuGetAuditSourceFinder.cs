using NuGet.Configuration;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning.Database;

/// <summary>The NuGet vulnerability sources of a project, and notes about configured sources that were not usable.</summary>
public sealed record NuGetAuditSources(IReadOnlyList<VulnerabilitySource> Sources, IReadOnlyList<ScDiagnostic> Notes, bool FromAuditSources);

/// <summary>
/// Finds the NuGet sources a project's restore audits against, by NuGet's own rule: the <c>auditSources</c> section of
/// the effective nuget.config files when it lists any source, else the enabled <c>packageSources</c>. Only http(s)
/// sources are kept (a local folder has no vulnerability data); each carries the source's
/// <c>allowInsecureConnections</c>. Reading the configuration is NuGet.Configuration's (synchronous) file access.
/// </summary>
public sealed class NuGetAuditSourceFinder
{
    public NuGetAuditSources Find(string projectDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        IReadOnlyList<PackageSource> audit;
        IReadOnlyList<PackageSource> packages;
        try
        {
            var settings = Settings.LoadDefaultSettings(Path.GetFullPath(projectDirectory));
            var provider = new PackageSourceProvider(settings);
            audit = provider.LoadAuditSources();
            packages = provider.LoadPackageSources().Where(s => s.IsEnabled).ToList();
        }
        catch (NuGetConfigurationException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.NuGetAuditSourcesUnreadable, DiagnosticSeverity.Error, projectDirectory, ex.Message), ex);
        }

        var fromAudit = audit.Count > 0;
        var sources = new List<VulnerabilitySource>();
        var notes = new List<ScDiagnostic>();
        foreach (var source in fromAudit ? audit : packages)
        {
            if (!source.IsHttp)
            {
                notes.Add(new ScDiagnostic(DiagnosticIds.NuGetAuditSourceNotHttp, DiagnosticSeverity.Message, source.Name, source.Source));
                continue;
            }

            sources.Add(VulnerabilitySource.NuGet(source.Source, source.Name) with { AllowInsecure = source.AllowInsecureConnections });
        }

        return new NuGetAuditSources(sources, notes, fromAudit);
    }
}
