using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class ScanContainerImage : ProjectStageTask
{
    protected override async Task<StageResult> RunStageAsync(ImageRecord record, SecurityArtifactLayout layout, RegistryClient client)
    {
        var tools = ScanTools.Parse(Tools);
        var options = new ScanOptions
        {
            Tools = tools,
            Required = Required,
            RequiredTools = Required ? tools.ToHashSet(StringComparer.Ordinal) : ScanTools.ParseRequired(RequiredTools, tools),
            FailOn = ScanPolicy.ParseThreshold(FailOn, "ScScanFailOn"),
            WarnOn = ScanPolicy.ParseThreshold(WarnOn, "ScScanWarnOn"),
            SoftFail = SoftFail,
            IgnoreFile = FullPath(IgnoreFile),
            VexFiles = (VexFiles ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath).ToList(),
            MaxDatabaseAge = ScanOptions.ParseMaxDatabaseAge(MaxDatabaseAgeDays, "ScVulnerabilityDatabaseMaxAge"),
            DefectDojo = DefectDojoSettings.Create(DefectDojoUrl, DefectDojoProduct, DefectDojoProductType, DefectDojoEngagement, DefectDojoApiKeyReference, Environment.GetEnvironmentVariable, new StackSecrets(ProjectDirectory ?? ".", Stack)),
            DotNetProject = DotNetProject,
        };
        await using var scanners = new ScannerProvider(FullPath(VulnerabilityDatabase), Environment.GetEnvironmentVariable);
        var generator = new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment());
        var result = await new ScanStage(client, generator, scanners).RunAsync(record, layout, options, CancellationToken).ConfigureAwait(false);
        return result.Stage;
    }

    private static string? FullPath(string? path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
}
