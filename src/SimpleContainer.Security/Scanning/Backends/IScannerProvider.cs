namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>Gives the scanner for a <see cref="ScanTools"/> name; a scanner that cannot be set up reports that from its scan, it is never null.</summary>
public interface IScannerProvider
{
    IVulnerabilityScanner ForTool(string name);

    /// <summary>The builtin scanner's database file, which the scan may update before matching; null when there is none to update.</summary>
    string? BuiltinDatabasePath => null;
}
