using System.Text.Json;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>
/// The consumer path: the package packed into a folder feed, referenced by PackageReference, and a real
/// <c>dotnet publish -t:PublishContainer</c> against the test registry.
/// </summary>
[TestClass]
public sealed class PublishContainerHookTests
{
    private static PackageFeed? feed;

    private static PackageFeed Feed => feed ?? throw new InvalidOperationException("The package feed was not created.");

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static string BaseImage => $"{Host}/fixtures/dotnet-runtime:10.0";

    [ClassInitialize]
    public static async Task PackAsync(TestContext context) => feed = await AssemblySetup.FeedAsync();

    [TestMethod]
    public async Task Single_rid_publish_records_the_digest_the_registry_serves_for_the_tag()
    {
        var app = SampleApp.Create(Feed, "single");

        await PublishAsync(app, "-p:ScSigningEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-single", "-p:ContainerImageTags=\"1.0;latest\"");

        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var served = await client.ResolveAsync(ImageReference.Create(Host, "it/hook-single", "1.0"));
        Assert.AreEqual(served.Digest.ToString(), record.Digest);
        Assert.AreEqual(served.MediaType, record.MediaType);
        Assert.AreEqual($"{Host}/it/hook-single@{served.Digest}", record.Reference);
        CollectionAssert.AreEquivalent(new[] { "1.0", "latest" }, record.Tags.ToArray());
        Assert.IsTrue(record.Pushed);
        Assert.IsNull(record.Index);
        Assert.AreEqual("linux/amd64", record.Platforms.Single().Platform);
        Assert.AreEqual(BaseImage, record.BaseImage!.Name);
        var runtimeIndex = (await client.GetManifestAsync(AssemblySetup.Registries.Images.DotnetRuntime.Reference)).AsIndex();
        var amd64 = runtimeIndex.Manifests.Single(m => m.Platform!.Architecture == "amd64").Digest.ToString();
        Assert.AreEqual(amd64, record.BaseImage.Digest, "the SDK's base.digest label names the platform manifest it pulled from the base index");
        var manifest = (await client.GetManifestAsync(ImageReference.Create(Host, "it/hook-single", digest: served.Digest))).AsManifest();
        Assert.AreEqual(manifest.Config.Digest.ToString(), record.Platforms.Single().ConfigDigest);
    }

    [TestMethod]
    public async Task Multi_rid_publish_records_the_index_digest_computed_from_the_bytes_pushed_and_each_platform()
    {
        var app = SampleApp.Create(Feed, "multi");

        await PublishAsync(app, "-p:ScSbomEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-multi", "-p:ContainerImageTag=2.0",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"");

        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var index = await client.GetManifestAsync(ImageReference.Create(Host, "it/hook-multi", "2.0"));
        Assert.AreEqual(index.Digest.ToString(), record.Digest);
        Assert.AreEqual(index.Digest.ToString(), record.Index!.Digest);
        Assert.AreEqual(MediaTypes.OciIndex, record.MediaType);
        var entries = index.AsIndex().Manifests;
        CollectionAssert.AreEquivalent(entries.Select(e => e.Digest.ToString()).ToArray(), record.Platforms.Select(p => p.Digest).ToArray());
        CollectionAssert.AreEquivalent(new[] { "linux/amd64", "linux/arm64" }, record.Platforms.Select(p => p.Platform).ToArray());
        foreach (var platform in record.Platforms)
        {
            Assert.IsTrue(await client.ManifestExistsAsync(ImageReference.Create(Host, "it/hook-multi", digest: Digest.Parse(platform.Digest))));
            Assert.IsNotNull(platform.ConfigDigest);
        }
    }

    [TestMethod]
    public async Task Archive_mode_records_the_manifest_digest_inside_the_archive_without_pushing()
    {
        var app = SampleApp.Create(Feed, "archive");
        var archive = Path.Combine(app.Directory, "out", "app.tar.gz");

        await PublishAsync(app, "-p:ScProvenanceEnabled=true", "-p:ContainerRepository=it/hook-archive", $"-p:ContainerArchiveOutputPath={archive}");

        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var layout = await OciImageLayout.OpenAsync(archive);
        var entry = layout.Index.Manifests.Single();
        Assert.AreEqual(entry.Digest.ToString(), record.Digest);
        Assert.AreEqual(Path.GetFullPath(archive), Path.GetFullPath(record.ArchivePath!));
        Assert.IsFalse(record.Pushed);
        Assert.IsNull(record.Reference);
        var manifest = await layout.ReadManifestAsync(entry);
        Assert.IsTrue(layout.HasBlob(manifest.AsManifest().Config.Digest));
    }

    [TestMethod]
    public async Task With_every_switch_off_nothing_of_ours_runs()
    {
        var app = SampleApp.Create(Feed, "off");

        var result = await PublishAsync(app, $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-off", "-v:d");

        var importedTargets = await File.ReadAllTextAsync(Path.Combine(app.Directory, "obj", "App.csproj.nuget.g.targets"));
        StringAssert.Contains(importedTargets, "SimpleContainer.Security.Build.targets", "the package's targets are imported");
        StringAssert.Contains(result.StandardOutput, "Pushed image 'it/hook-off:latest'", "the image was published");
        Assert.IsFalse(Directory.Exists(app.SecurityFolder()), "no sc-security folder");
        Assert.IsFalse(result.StandardOutput.Contains("SimpleContainer.Security.Build.dll", StringComparison.Ordinal), "the task assembly was never loaded");
        Assert.IsFalse(result.StandardOutput.Contains("RunSecurityPipeline", StringComparison.Ordinal), "the task never ran");
        StringAssert.Contains(result.StandardOutput, "Using \"CreateNewImage\" task from assembly", "the detailed log, which names every task assembly loaded, is what was searched");

        // What the evaluation reads: the stages' targets (their tasks, settings and the gate before the push) are
        // imported only when something is on, so a publish with every switch off parses the entry file alone.
        Assert.IsFalse((await PreprocessAsync(app)).Contains("_ScSecuritySettings", StringComparison.Ordinal), "the stages' targets are not imported");
        StringAssert.Contains(await PreprocessAsync(app, "-p:ScSbomEnabled=true"), "_ScSecuritySettings", "one switch on imports them");
        StringAssert.Contains(await PreprocessAsync(app, "-p:ScSecurityStack=stack.yaml"), "_ScSecuritySettings", "a stack YAML imports them");
    }

    [TestMethod]
    public async Task Under_net_framework_msbuild_the_stages_say_they_did_not_run_and_a_required_stage_fails_the_publish()
    {
        var app = SampleApp.Create(Feed, "netfx");
        const string AsVisualStudio = "-p:_ScMSBuildRuntimeType=Full";

        var warned = await PublishAsync(app, AsVisualStudio, "-p:ScSigningEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-netfx", "-v:d");

        StringAssert.Contains(warned.StandardOutput, "warning SCSEC7010: The security stages (signing) did not run");
        StringAssert.Contains(warned.StandardOutput, "Pushed image 'it/hook-netfx:latest'", "the publish itself went on");
        StringAssert.Contains(warned.StandardOutput, "net472/SimpleContainer.Security.Build.dll", "the net472 task said it");
        Assert.IsFalse(warned.StandardOutput.Contains("net10.0/SimpleContainer.Security.Build.dll", StringComparison.Ordinal), "the stages' assembly was never loaded");
        Assert.IsFalse(Directory.Exists(app.SecurityFolder()), "no sc-security folder");

        var failed = await PublishAsync(app, expectSuccess: false, AsVisualStudio, "-p:ScSigningEnabled=true", "-p:ScSigningRequired=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-netfx");

        Assert.AreNotEqual(0, failed.ExitCode, failed.StandardOutput);
        StringAssert.Contains(failed.StandardOutput, "error SCSEC7011: The security stages (signing) did not run and one is required");
    }

    [TestMethod]
    public async Task ScSecurityEnabled_turns_every_stage_on()
    {
        var app = SampleApp.Create(Feed, "all");

        var result = await PublishAsync(app, "-p:ScSecurityEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-all",
            "-getProperty:ScSecurityStageOutcomes", "-getProperty:ScImageDigest");

        using var json = JsonDocument.Parse(result.StandardOutput);
        var values = json.RootElement.GetProperty("Properties");
        var outcomes = values.GetProperty("ScSecurityStageOutcomes").GetString()!.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.AreEqual("Succeeded", outcomes["sbom"]);
        Assert.AreEqual("FailedOpen", outcomes["scan"], "no vulnerability database on this machine: a warning");
        Assert.AreEqual("FailedOpen", outcomes["sign"], "no key: a warning");
        Assert.AreEqual("FailedOpen", outcomes["attest"], "no key to sign the attestations with: a warning");

        StringAssert.StartsWith(values.GetProperty("ScImageDigest").GetString(), "sha256:");
    }

    [TestMethod]
    public async Task Bad_settings_fail_the_publish_with_configuration_errors_naming_each_property_and_its_allowed_values()
    {
        var app = SampleApp.Create(Feed, "badsettings");
        Directory.CreateDirectory(app.SecurityFolder());
        await File.WriteAllTextAsync(Path.Combine(app.SecurityFolder(), "scan.md"), "Gate: passed (an earlier image)");

        var result = await PublishAsync(app, expectSuccess: false, $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/hook-bad-settings",
            "-p:ScSigningEnabled=true", "-p:ScSigningRequired=false", "-p:ScSigningFormat=bundel", "-p:ScScanFailOn=hihg", "-p:ScScanTools=grpye", "-p:ScScanEnabled=ture", "-p:ScVulnerabilityDatabaseMaxAge=0");

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        foreach (var (property, value, allowed) in new[]
        {
            ("ScSigningFormat", "bundel", "legacy, bundle or both"),
            ("ScScanFailOn", "hihg", "critical, high, medium, low, negligible, unknown, or none"),
            ("ScScanTools", "grpye", "builtin, grype or trivy"),
            ("ScScanEnabled", "ture", "true or false"),
            ("ScVulnerabilityDatabaseMaxAge", "0", "a number of days greater than 0"),
        })
        {
            StringAssert.Contains(result.StandardOutput, $"error SCSEC1100: '{value}' is not a valid value for {property}. Allowed: {allowed}");
        }

        Assert.IsFalse(Directory.EnumerateFileSystemEntries(app.SecurityFolder()).Any(), "nothing ran, and the earlier run's scan.md is gone");
        using var client = AssemblySetup.Registries.CreatePlainClient();
        Assert.IsFalse(await client.ManifestExistsAsync(ImageReference.Create(Host, "it/hook-bad-settings", "latest")), "a wrong setting stops the publish before the push (the scan before the push resolves the settings first)");
    }

    /// <summary>The project as MSBuild evaluates it, every import inlined (<c>-pp</c>).</summary>
    private static async Task<string> PreprocessAsync(SampleApp app, params string[] properties)
    {
        var output = Path.Combine(app.Directory, $"preprocessed-{Guid.NewGuid():N}.xml");
        var result = await DotnetCli.RunAsync(app.Directory, ["msbuild", app.ProjectPath, $"-pp:{output}", "-nodeReuse:false", .. properties]);
        Assert.AreEqual(0, result.ExitCode, $"dotnet msbuild -pp failed:\n{result.StandardOutput}\n{result.StandardError}");
        return await File.ReadAllTextAsync(output);
    }

    private static Task<SimpleContainer.Security.Tools.ProcessResult> PublishAsync(SampleApp app, params string[] properties) => PublishAsync(app, true, properties);

    private static async Task<SimpleContainer.Security.Tools.ProcessResult> PublishAsync(SampleApp app, bool expectSuccess, params string[] properties)
    {
        var arguments = new List<string> { "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={BaseImage}", "-nodeReuse:false" };
        arguments.AddRange(properties);
        var result = await DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
        if (expectSuccess)
        {
            Assert.AreEqual(0, result.ExitCode, $"dotnet publish failed:\n{result.StandardOutput}\n{result.StandardError}");
        }

        return result;
    }
}
