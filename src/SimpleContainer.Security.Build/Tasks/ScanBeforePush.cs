using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Pipeline.PrePush;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// <c>_ScScanBeforePush</c>, before the SDK's CreateNewImage of each platform: with the scan on and ScScanBeforePush
/// (by default when failOn is set), judges what the image will hold (<see cref="PrePushScan"/>) and fails the build
/// before anything is pushed when the gate fails. Settings errors fail here too, so nothing is pushed with a bad setting.
/// </summary>
public sealed partial class ScanBeforePush : ScTask
{
    protected override async Task<bool> ExecuteAsync()
    {
        var projectDirectory = ProjectDirectory;
        var intermediate = Path.Combine(projectDirectory, IntermediateOutputPath);
        PrePushPackageSet.Clear(intermediate);

        var (options, errors) = SecurityOptions.Resolve(RawSettings(), new SecurityOptionsContext
        {
            ProjectDirectory = projectDirectory,
            DotNetProject = DotNetProject(),
        });
        if (options is null)
        {
            // A wrong setting stops the publish before the push (a misspelt failOn must not let an image out unjudged),
            // and leaves no evidence of an earlier run; the warnings alone are the security pipeline's to report.
            new SecurityArtifactLayout(intermediate).RemoveEarlierEvidence();
            foreach (var error in errors)
            {
                Log.Log(error, ProjectPath);
            }

            return false;
        }

        if (!options.ScanEnabled || !options.Scan.BeforePush)
        {
            return true;
        }

        var layout = new SecurityArtifactLayout(intermediate);
        layout.RemoveEarlierEvidence();
        Directory.CreateDirectory(layout.Root);
        var name = string.IsNullOrWhiteSpace(ContainerRegistry) ? ContainerRepository : $"{ContainerRegistry}/{ContainerRepository}";
        var tag = ContainerImageTags.Select(t => t.ItemSpec).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(ContainerBaseRegistry) || string.IsNullOrWhiteSpace(ContainerBaseName) || string.IsNullOrWhiteSpace(ContainerRuntimeIdentifier))
        {
            Log.Log(new ScDiagnostic(DiagnosticIds.PrePushNotJudged, DiagnosticSeverity.Warning, tag is null ? name : $"{name}:{tag}", "the SDK resolved no base image or container runtime identifier."));
            return true;
        }

        var image = new PrePushImage
        {
            Name = name,
            Tag = tag,
            BaseImage = ImageReference.Create(ContainerBaseRegistry, ContainerBaseName, NullIfEmpty(ContainerBaseTag), NullIfEmpty(ContainerBaseDigest) is { } digest ? Digest.Parse(digest) : null),
            RuntimeIdentifier = ContainerRuntimeIdentifier,
            PublishDirectory = Path.GetFullPath(PublishDirectory, projectDirectory),
            WorkingDirectory = ContainerWorkingDirectory,
        };

        // The SDK's DOTNET_CONTAINER_REGISTRY_UNAME/_PWORD are for the publish's ContainerRegistry, never for another.
        using var client = new RegistryClient(new RegistryClientOptions { EnvironmentCredentialsRegistry = NullIfEmpty(ContainerRegistry) });
        var generator = new SbomGenerator(cache: FileLayerCatalogCache.FromEnvironment(Environment.GetEnvironmentVariable));
        await using var scanners = new ScannerProvider(options.VulnerabilityDatabase, Environment.GetEnvironmentVariable);
        var result = await new PrePushScan(client, generator, scanners).RunAsync(image, options.Scan, layout.Root, Path.Combine(intermediate, PrePushPackageSet.FolderName), CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in result.Scan.Stage.Diagnostics)
        {
            Log.Log(diagnostic);
        }

        if (result.Judged is { } judged)
        {
            await judged.WriteAsync(intermediate, CancellationToken).ConfigureAwait(false);
        }

        var platform = result.Judged?.Platform ?? ContainerRuntimeIdentifier;
        if (result.BlocksPush)
        {
            var why = result.Scan.Report?.Gate == Scanning.GateState.Failed ? $" the failOn={result.Scan.Report.FailOn} gate" : ": the scan is required and could not judge the image";
            Log.Log(new ScDiagnostic(DiagnosticIds.PrePushGateFailed, DiagnosticSeverity.Error, image.Subject, platform, why, layout.Root), ProjectPath);
            return false;
        }

        if (result.Scan.Stage.Outcome == StageOutcome.FailedOpen)
        {
            Log.Log(new ScDiagnostic(DiagnosticIds.PrePushNotJudged, DiagnosticSeverity.Warning, image.Subject, result.Scan.Stage.Reason ?? "no scanner produced a result for it."));
        }

        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
