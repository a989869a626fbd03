namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>Stands in for a scanner that could not be set up (no database, a broken one): every scan reports why, and finds nothing.</summary>
public sealed class UnavailableScanner(string name, ScannerOutcome outcome, string reason, string? database = null) : IVulnerabilityScanner
{
    public string Name => name;

    public Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ScannerResult(new ScannerRun { Name = name, Outcome = outcome, Error = reason, Database = database }, []));
}
