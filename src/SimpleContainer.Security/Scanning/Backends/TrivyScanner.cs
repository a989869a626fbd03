using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// Runs an installed trivy (found through <c>SC_TRIVY_PATH</c>, else PATH) with JSON output and only the vulnerability
/// scanner: <c>trivy sbom FILE</c> on the request's CycloneDX SBOM, else <c>trivy image --input ARCHIVE</c> or
/// <c>trivy image REF</c>. Never passes <c>--exit-code</c>: the policy is applied by SimpleContainer.
/// </summary>
public sealed class TrivyScanner(ToolRunner runner, Func<string, string?> getVariable, TimeSpan? scanTimeout = null) : IVulnerabilityScanner, IExternalScannerTool
{
    /// <summary>A first run downloads the tool's database, which can take minutes on a slow link.</summary>
    public static readonly TimeSpan DefaultScanTimeout = TimeSpan.FromMinutes(15);

    public string Name => "trivy";

    string IExternalScannerTool.PathVariable => "SC_TRIVY_PATH";

    string IExternalScannerTool.InstallHint => "https://trivy.dev/latest/getting-started/installation/";

    IReadOnlyList<string> IExternalScannerTool.VersionArguments => ["version", "-f", "json"];

    public Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken) =>
        new ExternalScannerExecutor(runner, getVariable).RunAsync(this, request, cancellationToken);

    ProcessRequest? IExternalScannerTool.CreateScanRequest(string executable, ScanRequest request) =>
        CreateScanRequest(executable, request) is { } scan ? scan with { Timeout = scanTimeout ?? DefaultScanTimeout } : null;

    ScannerToolVersion IExternalScannerTool.ReadVersion(string output) => TrivyReportParser.ParseVersion(output);

    ParsedScannerReport IExternalScannerTool.ReadReport(string output, ScanRequest request) => TrivyReportParser.Parse(output, request.Target.Platform);

    internal static ProcessRequest? CreateScanRequest(string executable, ScanRequest request)
    {
        List<string> arguments;
        if (request.SbomPath is { Length: > 0 } sbom)
        {
            arguments = ["sbom", "--format", "json", "--quiet", "--scanners", "vuln", sbom];
        }
        else if (request.ArchivePath is { Length: > 0 } || request.ImageReference is { Length: > 0 })
        {
            arguments = ["image", "--format", "json", "--quiet", "--scanners", "vuln"];
            if (request.Target.Platform is { } platform)
            {
                arguments.AddRange(["--platform", platform]);
            }

            if (request.ArchivePath is { Length: > 0 } archive)
            {
                arguments.AddRange(["--input", archive]);
            }
            else
            {
                if (request.InsecureRegistry)
                {
                    arguments.Add("--insecure");
                }

                arguments.Add(request.ImageReference!);
            }
        }
        else
        {
            return null;
        }

        return new ProcessRequest(executable, arguments) { Timeout = DefaultScanTimeout };
    }
}
