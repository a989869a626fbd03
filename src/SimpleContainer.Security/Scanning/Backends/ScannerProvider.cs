using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.Matching;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// The scanners by name: <c>builtin</c> over the local vulnerability database (opened once, read-only, on first use),
/// and installed <c>grype</c> / <c>trivy</c>. A database that is missing or broken becomes a builtin scanner that
/// reports why, so the stage warns (or fails when builtin is required) instead of crashing.
/// </summary>
public sealed class ScannerProvider(string? databasePath, Func<string, string?> getVariable, ToolRunner? runner = null) : IScannerProvider, IAsyncDisposable
{
    private readonly ToolRunner _runner = runner ?? new ToolRunner();
    private readonly Lazy<Task<(IVulnerabilityScanner Scanner, VulnerabilityDatabase? Database)>> _builtin = new(() => OpenBuiltinAsync(databasePath, getVariable));

    /// <summary>Where the builtin scanner's database is: the given path (file or folder) or the default location.</summary>
    public string DatabasePath { get; } = Resolve(databasePath, getVariable);

    public string? BuiltinDatabasePath => DatabasePath;

    public IVulnerabilityScanner ForTool(string name) => name switch
    {
        ScanTools.Builtin => new DeferredScanner(ScanTools.Builtin, async () => (await _builtin.Value.ConfigureAwait(false)).Scanner),
        ScanTools.Grype => new GrypeScanner(_runner, getVariable),
        ScanTools.Trivy => new TrivyScanner(_runner, getVariable),
        _ => throw new ScException(DiagnosticIds.UnknownScanTool, name),
    };

    public async ValueTask DisposeAsync()
    {
        if (_builtin.IsValueCreated && (await _builtin.Value.ConfigureAwait(false)).Database is { } database)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Resolve(string? path, Func<string, string?> getVariable) =>
        path is null
            ? VulnerabilityDatabaseLocation.Resolve(getVariable)
            : VulnerabilityDatabaseLocation.Resolve(name => name == VulnerabilityDatabaseLocation.EnvironmentVariable ? path : getVariable(name));

    private static async Task<(IVulnerabilityScanner, VulnerabilityDatabase?)> OpenBuiltinAsync(string? path, Func<string, string?> getVariable)
    {
        var file = Resolve(path, getVariable);
        try
        {
            var database = await VulnerabilityDatabase.OpenAsync(file, CancellationToken.None).ConfigureAwait(false);
            var status = await database.GetStatusAsync(CancellationToken.None).ConfigureAwait(false);
            var updated = status.Sources.Select(s => s.LastChecked).Where(t => t is not null).DefaultIfEmpty(null).Min();
            var checkedSources = status.Sources.Count(s => s.LastChecked is not null);
            if (status.TotalRecords == 0 || checkedSources == 0)
            {
                // An empty database answers every lookup with "nothing found": that is no scan.
                var never = new ScDiagnostic(DiagnosticIds.VulnerabilityDatabaseNeverUpdated, DiagnosticSeverity.Warning, file, status.TotalRecords, checkedSources);
                await database.DisposeAsync().ConfigureAwait(false);
                return (new UnavailableScanner(ScanTools.Builtin, ScannerOutcome.Missing, never.Message, file), null);
            }

            return (new BuiltinScanner(database, file, updated), database);
        }
        catch (ScException ex)
        {
            return (new UnavailableScanner(ScanTools.Builtin, ScannerOutcome.Missing, ex.Diagnostic.Message, file), null);
        }
    }

    /// <summary>A scanner whose set-up is awaited on its first scan, so that one database serves every platform's scan.</summary>
    private sealed class DeferredScanner(string name, Func<Task<IVulnerabilityScanner>> create) : IVulnerabilityScanner
    {
        public string Name => name;

        public async Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken) =>
            await (await create().ConfigureAwait(false)).ScanAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
