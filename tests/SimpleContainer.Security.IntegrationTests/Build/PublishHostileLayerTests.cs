using System.Text.Json;
using SimpleContainer.Security.IntegrationTests.Scanning;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>
/// Issue 11 through a real publish: a base image whose upper layers try to hide packages (seeded into the test
/// registry) is catalogued as containerd would unpack it, so the scan still finds openssl's advisory; a layer we cannot
/// read as runtimes do fails the build even though neither the SBOM nor the scan is required.
/// </summary>
[TestClass]
public sealed class PublishHostileLayerTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    [DataRow("seen-through", DisplayName = "backslash names and a hard link to an emptied copy: every package listed, openssl's advisory found")]
    [DataRow("refused", DisplayName = "a GNU sparse rename: the build fails with SCSEC3020, not a warning")]
    public async Task A_base_image_with_hostile_layers_cannot_hide_packages_from_the_publish(string kind)
    {
        var layers = kind == "refused" ? [FixtureImages.DebianLayer(), HostileLayers.SparseRename()] : HostileLayers.SeenThrough();
        var baseImage = ImageReference.Create(Host, "fixtures/hostile-" + kind, "12");
        using (var client = AssemblySetup.Registries.CreatePlainClient())
        {
            await new ImageFixtureBuilder(client).PushImageAsync(baseImage, layers, FixtureImages.Amd64);
        }

        var database = await ScanTestAdvisories.CreateDatabaseAsync("hostile-" + kind);
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "hostile-" + kind);
        var result = await DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={baseImage}", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository=it/hostile-{kind}",
            "-p:ScSbomEnabled=true", "-p:ScScanEnabled=true", $"-p:ScVulnerabilityDatabase={database}", "-p:ScScanFailOn=critical",
            "-p:ScScanBeforePush=false"], // the SBOM of the image pushed is what this test reads
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        if (kind == "refused")
        {
            StringAssert.Contains(result.StandardOutput, "error SCSEC3020");
            StringAssert.Contains(result.StandardOutput, "GNU.sparse");
            return;
        }

        StringAssert.Contains(result.StandardOutput, "error SCSEC4081: libssl3 3.0.22-1~deb12u2 has a critical vulnerability, CVE-2099-0001");
        using var sbom = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(app.SecurityFolder(), "sbom.cdx.json")));
        var debs = sbom.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out var purl) && purl.GetString()!.StartsWith("pkg:deb/debian/", StringComparison.Ordinal))
            .Select(c => c.GetProperty("name").GetString()).ToArray();
        CollectionAssert.AreEquivalent(HostileLayers.BasePackages, debs);
    }
}
