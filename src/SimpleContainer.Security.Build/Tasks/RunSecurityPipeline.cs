using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The one task of <c>ScSecurity</c>: resolves the settings once (a bad value fails the build, whatever Required
/// says), clears what an earlier run left in <c>sc-security/</c>, records the image and runs the pipeline
/// (SBOM → scan gate → sign → attest) with one registry client. Fails the build when a stage failed.
/// </summary>
public sealed partial class RunSecurityPipeline : ScTask
{
    protected override async Task<bool> ExecuteAsync()
    {
        var projectDirectory = ProjectDirectory;
        var layout = new SecurityArtifactLayout(Path.Combine(projectDirectory, IntermediateOutputPath));
        var record = new ImageRecordBuilder(TimeProvider.System).Build(PublishOutputs());

        // Nothing an earlier run left may sit beside this run's evidence, even when this run stops at a bad setting.
        var removed = layout.RemoveEarlierEvidence();
        if (removed > 0)
        {
            Log.Log(new ScDiagnostic(DiagnosticIds.StaleEvidenceRemoved, DiagnosticSeverity.Message, removed, layout.Root, record.Subject));
        }

        var (options, errors) = SecurityOptions.Resolve(RawSettings(), new SecurityOptionsContext
        {
            ProjectDirectory = projectDirectory,
            DotNetProject = DotNetProject(),
            Annotations = Annotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal),
            Build = BuildFacts(),
        });
        foreach (var error in errors)
        {
            Log.Log(error, ProjectPath);
        }

        if (options is null)
        {
            return false;
        }

        options = await WithJudgedBeforePushAsync(options, Path.Combine(projectDirectory, IntermediateOutputPath)).ConfigureAwait(false);
        await ImageRecordStore.WriteAsync(layout.ImageRecord, record, CancellationToken).ConfigureAwait(false);
        ImageRecordPath = layout.ImageRecord;
        ImageDigest = record.Digest;
        Log.Log(new ScDiagnostic(DiagnosticIds.SecurityRecorded, DiagnosticSeverity.Message, record.Subject, layout.ImageRecord));

        // The SDK's DOTNET_CONTAINER_REGISTRY_UNAME/_PWORD are for the publish's ContainerRegistry, never for a base
        // image's or any other registry.
        using var client = new RegistryClient(new RegistryClientOptions { EnvironmentCredentialsRegistry = record.Registry });
        using var pipeline = SecurityPipelines.Create(client, Environment.GetEnvironmentVariable, BuildSigningKeys());
        // A high-importance coded line per stage: sc release create reads it from the publish's output to show the stage live.
        var result = await pipeline.RunAsync(record, layout, options, CancellationToken, stage => Log.Log(new ScDiagnostic(DiagnosticIds.ReleaseStageStarted, DiagnosticSeverity.Message, stage, record.Subject))).ConfigureAwait(false);
        foreach (var diagnostic in result.Diagnostics)
        {
            Log.Log(diagnostic);
        }

        StageOutcomes = string.Join(";", result.Stages.Select(s => $"{s.Stage}={s.Outcome}"));
        Artifacts = result.Artifacts.Prepend(new SecurityArtifact(layout.ImageRecord, SecurityArtifactLayout.ImageRecordKind, record.Digest)).Select(StageLogging.ToItem).ToArray();
        return !result.Failed;
    }

    /// <summary>
    /// What this run's scans before the push judged (sc-prepush/ beside each platform's intermediate output), for the
    /// scan to compare with the image pushed. Their database update counts for this run: the scan after the push asks
    /// no source again (<c>always</c> becomes <c>auto</c>, which finds the data just fetched current).
    /// </summary>
    private async Task<SecurityOptions> WithJudgedBeforePushAsync(SecurityOptions options, string intermediateOutputPath)
    {
        if (!options.ScanEnabled)
        {
            return options;
        }

        var started = DateTimeOffset.TryParse(BuildStartedOn, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        var judged = await Pipeline.PrePush.PrePushPackageSet.FindAsync(intermediateOutputPath, started, CancellationToken).ConfigureAwait(false);
        if (judged.Count == 0)
        {
            return options;
        }

        var data = options.Scan.Data.Update == Scanning.Database.VulnerabilityDatabaseUpdateMode.Always
            ? options.Scan.Data with { Update = Scanning.Database.VulnerabilityDatabaseUpdateMode.Auto }
            : options.Scan.Data;
        return options with { Scan = options.Scan with { JudgedBeforePush = judged, Data = data } };
    }

    /// <summary>
    /// The MSBuild build's decrypted keys, registered on first use and disposed by MSBuild when the build ends: the
    /// publishes of a release that run in one node decrypt a key once. The key names this assembly's exact build, so a
    /// node that loads two versions of the package never hands one the other's type.
    /// </summary>
    private SigningKeyCache? BuildSigningKeys()
    {
        if (BuildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        var key = $"{typeof(SigningKeyCache).AssemblyQualifiedName}|{typeof(SigningKeyCache).Assembly.ManifestModule.ModuleVersionId}";
        if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is SigningKeyCache keys)
        {
            return keys;
        }

        keys = new SigningKeyCache();
        engine.RegisterTaskObject(key, keys, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return keys;
    }

    private Provenance.BuildFacts BuildFacts() => new()
    {
        ProjectPath = ProjectPath,
        Configuration = Configuration,
        TargetFramework = TargetFramework,
        RuntimeIdentifiers = (string.IsNullOrWhiteSpace(RuntimeIdentifiers) ? RuntimeIdentifier ?? string.Empty : RuntimeIdentifiers)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        SdkVersion = SdkVersion,
        StartedOn = DateTimeOffset.TryParse(BuildStartedOn, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var started) ? started : null,
    };


    private ContainerPublishOutputs PublishOutputs() => new()
    {
        ProjectPath = ProjectPath,
        Registry = ContainerRegistry,
        Repository = ContainerRepository,
        Tags = ContainerImageTags.Select(t => t.ItemSpec).ToList(),
        Digest = GeneratedContainerDigest,
        MediaType = GeneratedContainerMediaType,
        Manifest = GeneratedContainerManifest,
        Configuration = GeneratedContainerConfiguration,
        ImageIndex = GeneratedImageIndex,
        ArchiveOutputPath = GeneratedArchiveOutputPath,
        Containers = GeneratedContainers.Select(i => new GeneratedContainerItem(
            i.GetMetadata("ManifestDigest"), i.GetMetadata("ManifestMediaType"), i.GetMetadata("Manifest"), i.GetMetadata("Configuration"))).ToList(),
        BaseImage = ContainerBaseImage,
        BaseRegistry = ContainerBaseRegistry,
        BaseName = ContainerBaseName,
        BaseTag = ContainerBaseTag,
        BaseDigest = ContainerBaseDigest,
    };
}
