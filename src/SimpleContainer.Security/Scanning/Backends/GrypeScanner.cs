using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// Runs an installed grype (found through <c>SC_GRYPE_PATH</c>, else PATH) with JSON output on the request's CycloneDX
/// SBOM (<c>sbom:FILE</c>), else the image's OCI archive (<c>oci-archive:FILE</c>) or the image in its registry
/// (<c>registry:REF</c>). Never passes <c>--fail-on</c>: the policy is applied by SimpleContainer.
/// </summary>
public sealed class GrypeScanner(ToolRunner runner, Func<string, string?> getVariable, TimeSpan? scanTimeout = null) : IVulnerabilityScanner, IExternalScannerTool
{
    /// <summary>A first run downloads the tool's database, which can take minutes on a slow link.</summary>
    public static readonly TimeSpan DefaultScanTimeout = TimeSpan.FromMinutes(15);

    public string Name => "grype";

    string IExternalScannerTool.PathVariable => "SC_GRYPE_PATH";

    string IExternalScannerTool.InstallHint => "https://github.com/anchore/grype#installation";

    IReadOnlyList<string> IExternalScannerTool.VersionArguments => ["version", "-o", "json"];

    public Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken) =>
        new ExternalScannerExecutor(runner, getVariable).RunAsync(this, request, cancellationToken);

    ProcessRequest? IExternalScannerTool.CreateScanRequest(string executable, ScanRequest request) =>
        CreateScanRequest(executable, request) is { } scan ? scan with { Timeout = scanTimeout ?? DefaultScanTimeout } : null;

    ScannerToolVersion IExternalScannerTool.ReadVersion(string output) => GrypeReportParser.ParseVersion(output);

    ParsedScannerReport IExternalScannerTool.ReadReport(string output, ScanRequest request) => GrypeReportParser.Parse(output, request.Target.Platform);

    internal static ProcessRequest? CreateScanRequest(string executable, ScanRequest request)
    {
        string source;
        if (request.SbomPath is { Length: > 0 } sbom)
        {
            source = $"sbom:{sbom}";
        }
        else if (request.ArchivePath is { Length: > 0 } archive)
        {
            source = $"oci-archive:{archive}";
        }
        else if (request.ImageReference is { Length: > 0 } reference)
        {
            source = $"registry:{reference}";
        }
        else
        {
            return null;
        }

        var arguments = new List<string> { source, "-o", "json", "-q" };
        if (request.SbomPath is null && request.Target.Platform is { } platform)
        {
            arguments.AddRange(["--platform", platform]);
        }

        var environment = new Dictionary<string, string?> { ["GRYPE_CHECK_FOR_APP_UPDATE"] = "false" };
        if (request.SbomPath is null && request.InsecureRegistry)
        {
            environment["GRYPE_REGISTRY_INSECURE_USE_HTTP"] = "true";
            environment["GRYPE_REGISTRY_INSECURE_SKIP_TLS_VERIFY"] = "true";
        }

        return new ProcessRequest(executable, arguments) { Environment = environment, Timeout = DefaultScanTimeout };
    }
}
