using System.Text.Json;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>The SBOM stage through a real publish; every document checked by the official schemas.</summary>
[TestClass]
public sealed class PublishSbomTests
{
    /// <summary>The eight dpkg packages of the fixture base (tests/SimpleContainer.Security.TestSupport/Fixtures/testdata).</summary>
    private static readonly string[] BasePackages = ["base-files", "ca-certificates", "libc6", "libgcc-s1", "libssl3", "libstdc++6", "tzdata", "zlib1g"];

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Single_rid_publish_writes_valid_cyclonedx_and_spdx_listing_every_base_package_once()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-single");

        var result = await PublishAsync(app, "-p:ScSbomEnabled=true", "-p:ScSbomFormat=\"cyclonedx-json;spdx-json\"", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sbom-single");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "SCSEC3052");
        var cyclonedx = Path.Combine(app.SecurityFolder(), "sbom.cdx.json");
        var spdx = Path.Combine(app.SecurityFolder(), "sbom.spdx.json");
        await AssertValidAsync(NodeValidators.ValidateCycloneDxAsync(cyclonedx));
        await AssertValidAsync(NodeValidators.ValidateSpdxAsync(spdx));
        CollectionAssert.AreEqual(BasePackages, DebPackages(cyclonedx));
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var document = JsonDocument.Parse(File.ReadAllBytes(cyclonedx));
        StringAssert.Contains(document.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("purl").GetString(), record.Digest.Replace(":", "%3A", StringComparison.Ordinal));
        var tool = document.RootElement.GetProperty("metadata").GetProperty("tools").GetProperty("components")[0];
        Assert.AreEqual("SimpleContainer.Security", tool.GetProperty("name").GetString());
        Assert.AreEqual((await AssemblySetup.FeedAsync()).Version, tool.GetProperty("version").GetString(), "the SBOM names the version the package was packed as");
    }

    [TestMethod]
    public async Task Multi_arch_publish_writes_one_sbom_per_platform_with_that_platforms_architecture()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-multi");

        var result = await PublishAsync(app, "-p:ScSbomEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sbom-multi",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        foreach (var (platform, arch) in new[] { ("linux-amd64", "amd64"), ("linux-arm64", "arm64") })
        {
            var path = Path.Combine(app.SecurityFolder(), $"sbom.{platform}.cdx.json");
            await AssertValidAsync(NodeValidators.ValidateCycloneDxAsync(path));
            CollectionAssert.AreEqual(BasePackages, DebPackages(path));
            var arches = Purls(path).Where(p => p.StartsWith("pkg:deb/", StringComparison.Ordinal)).Select(p => p.Split("arch=")[1].Split('&')[0]).ToList();
            Assert.IsTrue(arches.All(a => a == arch || a == "all"), $"{platform}: {string.Join(",", arches)}");
            Assert.AreEqual(6, arches.Count(a => a == arch), $"{platform}: six of the eight packages are {arch}, two are 'all'");
        }
    }

    [TestMethod]
    public async Task Archive_mode_reads_the_layers_from_the_archive_and_sc_sbom_generate_agrees()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-archive");
        var archive = Path.Combine(app.Directory, "out", "app.tar");

        var result = await PublishAsync(app, "-p:ScSbomEnabled=true", "-p:ContainerRepository=it/sbom-archive", $"-p:ContainerArchiveOutputPath={archive}");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var fromBuild = Path.Combine(app.SecurityFolder(), "sbom.cdx.json");
        await AssertValidAsync(NodeValidators.ValidateCycloneDxAsync(fromBuild));
        CollectionAssert.AreEqual(BasePackages, DebPackages(fromBuild));
        var fromCli = Path.Combine(app.Directory, "cli.spdx.json");
        var cli = await Sc.RunAsync("sbom", "generate", "--archive", archive, "--format", "spdx-json", "--output", fromCli);
        Assert.AreEqual(0, cli.Code, cli.Error);
        await AssertValidAsync(NodeValidators.ValidateSpdxAsync(fromCli));
        CollectionAssert.IsSubsetOf(BasePackages, SpdxPackageNames(fromCli));
    }

    [TestMethod]
    public async Task Rpm_packages_of_the_base_are_listed_by_the_task_inside_msbuild()
    {
        var testdata = Path.Combine(RepositoryLayout.Root, "tests", "SimpleContainer.Security.Tests", "Sbom", "Rpm", "testdata");
        var layer = new SimpleContainer.Security.TestSupport.Fixtures.LayerBuilder()
            .File("etc/os-release", "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n")
            .File("var/lib/rpm/rpmdb.sqlite", File.ReadAllBytes(Path.Combine(testdata, "rpmdb.sqlite")))
            .Build();
        using (var client = AssemblySetup.Registries.CreatePlainClient())
        {
            await new SimpleContainer.Security.TestSupport.Fixtures.ImageFixtureBuilder(client).PushImageAsync(
                SimpleContainer.Security.Oci.ImageReference.Create(Host, "fixtures/fedora", "40"), [layer], SimpleContainer.Security.TestSupport.Fixtures.FixtureImages.Amd64);
        }

        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-rpm");
        var arguments = new List<string> { "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/fedora:40", "-nodeReuse:false",
            "-p:ScSbomEnabled=true", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sbom-rpm" };
        var result = await DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC3082", StringComparison.Ordinal), "SQLite's native library loads inside MSBuild");
        var sbom = Path.Combine(app.SecurityFolder(), "sbom.cdx.json");
        await AssertValidAsync(NodeValidators.ValidateCycloneDxAsync(sbom));
        CollectionAssert.AreEquivalent(new[] { "sc-hello", "sc-libfoo", "sc-tools" }, Purls(sbom).Where(p => p.StartsWith("pkg:rpm/fedora/", StringComparison.Ordinal)).Select(p => p["pkg:rpm/fedora/".Length..p.IndexOf('@', StringComparison.Ordinal)]).ToArray());
    }

    [TestMethod]
    public async Task Sbom_files_are_returned_as_artifacts_and_copied_to_ScSbomOutputDir_and_sc_generates_the_same_from_the_registry()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-artifacts");
        var extra = Path.Combine(app.Directory, "sbom-out");

        var result = await PublishAsync(app, "-p:ScSbomEnabled=true", $"-p:ScSbomOutputDir={extra}", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sbom-artifacts", "-getItem:ScSecurityArtifact");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        using var items = JsonDocument.Parse(result.StandardOutput);
        var artifacts = items.RootElement.GetProperty("Items").GetProperty("ScSecurityArtifact").EnumerateArray()
            .Select(i => (Kind: i.GetProperty("Kind").GetString(), Path: i.GetProperty("FullPath").GetString()!)).ToList();
        var sbom = artifacts.Single(a => a.Kind == "Sbom").Path;
        Assert.AreEqual(1, artifacts.Count(a => a.Kind == "ImageRecord"));
        Assert.AreEqual(Path.Combine(app.SecurityFolder(), "sbom.cdx.json"), sbom);
        CollectionAssert.AreEqual(File.ReadAllBytes(sbom), File.ReadAllBytes(Path.Combine(extra, "sbom.cdx.json")), "the extra copy is the same file");

        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        var cli = await Sc.RunAsync("sbom", "generate", "--image", record.Reference!);
        Assert.AreEqual(0, cli.Code, cli.Error);
        var fromRegistry = Path.Combine(app.Directory, "from-registry.cdx.json");
        await File.WriteAllTextAsync(fromRegistry, cli.Output);
        await AssertValidAsync(NodeValidators.ValidateCycloneDxAsync(fromRegistry));
        CollectionAssert.AreEqual(BasePackages, DebPackages(fromRegistry));
    }

    [TestMethod]
    public async Task An_unknown_format_is_a_configuration_error_that_fails_the_publish_even_when_the_sbom_is_not_required()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-bad-format");

        var result = await PublishAsync(app, "-p:ScSbomEnabled=true", "-p:ScSbomRequired=false", "-p:ScSbomFormat=xml", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sbom-bad");

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "error SCSEC1100: 'xml' is not a valid value for ScSbomFormat. Allowed: cyclonedx-json, cyclonedx-json-1.5 or spdx-json");
    }

    private static async Task AssertValidAsync(Task<ProcessResult> validation)
    {
        var result = await validation;
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
    }

    private static string[] Purls(string cyclonedx)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(cyclonedx));
        return document.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out _)).Select(c => c.GetProperty("purl").GetString()!).ToArray();
    }

    private static string[] DebPackages(string cyclonedx) =>
        Purls(cyclonedx).Where(p => p.StartsWith("pkg:deb/", StringComparison.Ordinal))
            .Select(p => Uri.UnescapeDataString(p["pkg:deb/debian/".Length..p.IndexOf('@', StringComparison.Ordinal)])).Order(StringComparer.Ordinal).ToArray();

    private static string[] SpdxPackageNames(string spdx)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(spdx));
        return document.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, params string[] properties)
    {
        var arguments = new List<string> { "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false" };
        arguments.AddRange(properties);
        return DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
    }
}
