using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The SBOM stage in the pipeline: its files go on to the scan in memory.</summary>
public sealed class SbomPipelineStage(SbomStage stage) : ISecurityStage
{
    public string Name => SbomStage.Name;

    public string? SkipReason(SecurityOptions options) => options.SbomEnabled ? null : "not enabled (ScSbomEnabled)";

    public Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken) =>
        stage.RunAsync(run.Record, run.Layout, run.Options.Sbom, cancellationToken);
}

/// <summary>The scan gate in the pipeline: reads only the SBOM files this run's SBOM stage wrote, else catalogues the image.</summary>
public sealed class ScanPipelineStage(RegistryClient client, SbomGenerator generator, Func<string?, IScannerProvider> scanners) : ISecurityStage
{
    public string Name => ScanStage.Name;

    public string? SkipReason(SecurityOptions options) => options.ScanEnabled ? null : "not enabled (ScScanEnabled)";

    public async Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var provider = scanners(run.Options.VulnerabilityDatabase);
        try
        {
            var result = await new ScanStage(client, generator, provider).RunAsync(run.Record, run.Layout, run.Options.Scan, run.ArtifactsOf(SbomStage.Name), cancellationToken).ConfigureAwait(false);
            return result.Stage;
        }
        finally
        {
            if (provider is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The signing stage in the pipeline.</summary>
public sealed class SigningPipelineStage(SigningStage stage) : ISecurityStage
{
    public string Name => SigningStage.Name;

    public string? SkipReason(SecurityOptions options) => options.SigningEnabled ? null : "not enabled (ScSigningEnabled)";

    public Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken) =>
        stage.RunAsync(run.Record, run.Layout, run.Options.Signing, cancellationToken);
}

/// <summary>The attestation slot, last: SBOM, vuln and provenance attestations signed with the build's signer.</summary>
public sealed class AttestPipelineStage(AttestStage stage) : ISecurityStage
{
    public const string StageName = AttestStage.Name;

    public string Name => StageName;

    public string? SkipReason(SecurityOptions options) =>
        options.Attest.Any ? null : "not enabled (ScProvenanceEnabled, ScSbomAttach, ScScanAttest)";

    public Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken) => stage.RunAsync(run, cancellationToken);
}

/// <summary>The pipeline with the real stages, all sharing one registry client (and its token cache) for the whole build.</summary>
public static class SecurityPipelines
{
    /// <param name="sharedKeys">Decrypted keys kept beyond this pipeline (the MSBuild build's), or null to decrypt for this run alone.</param>
    public static SecurityPipeline Create(RegistryClient client, Func<string, string?> getVariable, Signing.SigningKeyCache? sharedKeys = null)
    {
        var generator = new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(getVariable));

        // One signer for the build: the key is decrypted once and shared by signing and attesting.
        var signer = new Signing.BuildSigner(getVariable, sharedKeys);
        return new SecurityPipeline(
        [
            new SbomPipelineStage(new SbomStage(client, generator, new ExternalSbomGenerator(new Tools.ToolRunner(), getVariable))),
            new ScanPipelineStage(client, generator, database => new ScannerProvider(database, getVariable)),
            new SigningPipelineStage(new SigningStage(client, getVariable, signer)),
            new AttestPipelineStage(new AttestStage(client, getVariable, signer)),
        ],
        signer);
    }
}
