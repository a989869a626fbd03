using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.Sbom.Writers;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class ProjectAssetsSourceTests
{
    private static readonly string[] Direct = ["Microsoft.Extensions.Logging", "Newtonsoft.Json", "NuGet.Versioning", "Polly", "YamlDotNet"];

    private string _root = string.Empty;

    [TestInitialize]
    public void CreatePackagesRoot()
    {
        _root = Directory.CreateTempSubdirectory("sc-nuget-root-").FullName;
        foreach (var package in DotNetTestData.Packages)
        {
            var (id, version) = (package.Split('@')[0], package.Split('@')[1]);
            WriteNuspec(id, version, $"""<license type="expression">{(id.StartsWith("Polly", StringComparison.Ordinal) ? "BSD-3-Clause" : "MIT")}</license>""");
        }

        WriteNuspec("YamlDotNet", "16.3.0", "<licenseUrl>https://example.org/license</licenseUrl>");
    }

    [TestCleanup]
    public void RemovePackagesRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task The_real_assets_file_gives_every_resolved_package_exactly_with_hash_kind_license_and_graph()
    {
        var result = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64"), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var packages = result.Packages.Where(p => p.Type == ComponentType.Library).ToList();
        CollectionAssert.AreEquivalent(DotNetTestData.Packages, packages.Select(p => $"{p.Name}@{p.Version}").ToArray());
        Assert.IsTrue(packages.All(p => p.Hashes.Single().Algorithm == SbomHash.Sha512 && p.Hashes[0].Value.Length == 128));
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, packages.Single(p => p.Name == "Newtonsoft.Json").Hashes[0].Value);
        CollectionAssert.AreEquivalent(Direct, packages.Where(p => Property(p, ProjectAssetsSource.DependencyKindProperty) == "direct").Select(p => p.Name).ToArray());
        Assert.AreEqual(6, packages.Count(p => Property(p, ProjectAssetsSource.DependencyKindProperty) == "transitive"));
        Assert.IsTrue(packages.All(p => Property(p, ProjectAssetsSource.TargetFrameworkProperty) == "net10.0" && Property(p, ProjectAssetsSource.RuntimeIdentifierProperty) == "linux-x64"));
        Assert.IsTrue(packages.All(p => p.LayerDigest is null && p.Path.EndsWith("PackagesApp.project.assets.json", StringComparison.Ordinal)));

        Assert.AreEqual("MIT", packages.Single(p => p.Name == "Newtonsoft.Json").License);
        Assert.AreEqual("BSD-3-Clause", packages.Single(p => p.Name == "Polly.Core").License);
        Assert.IsNull(packages.Single(p => p.Name == "YamlDotNet").License, "a licenseUrl alone leaves the license unknown");

        var app = result.Packages.Single(p => p.Type == ComponentType.Application);
        Assert.AreEqual("pkg:nuget/PackagesApp@1.0.0", app.Purl!.ToString());
        CollectionAssert.AreEquivalent(Direct, app.DependsOn.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "pkg:nuget/Polly.Core@8.5.2" }, packages.Single(p => p.Name == "Polly").DependsOn.Select(p => p.ToString()).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options" },
            packages.Single(p => p.Name == "Microsoft.Extensions.Logging").DependsOn.Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public async Task Without_a_runtime_identifier_the_framework_target_is_read_and_without_a_packages_root_licenses_stay_unknown()
    {
        var result = await ProjectAssetsSource.ReadAsync(Inputs(null) with { PackagesRoot = null, TargetFramework = null }, default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(12, result.Packages.Count);
        Assert.IsTrue(result.Packages.All(p => p.License is null && Property(p, ProjectAssetsSource.RuntimeIdentifierProperty) is null));
    }

    [TestMethod]
    public async Task A_self_contained_app_also_has_the_runtime_pack_of_its_framework_reference_with_the_hash_nuget_recorded()
    {
        var packDirectory = Path.Combine(_root, "microsoft.netcore.app.runtime.linux-x64", "10.0.12");
        Directory.CreateDirectory(packDirectory);
        await File.WriteAllTextAsync(Path.Combine(packDirectory, "microsoft.netcore.app.runtime.linux-x64.10.0.12.nupkg.sha512"), "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==");

        // What a self-contained restore adds to the framework (the file in testdata is from a framework-dependent one).
        var assets = System.Text.Json.Nodes.JsonNode.Parse(DotNetTestData.Read("PackagesApp.project.assets.json"))!;
        assets["project"]!["frameworks"]!["net10.0"]!["downloadDependencies"] = System.Text.Json.Nodes.JsonNode.Parse(
            """[{"name":"Microsoft.AspNetCore.App.Runtime.linux-x64","version":"[10.0.12, 10.0.12]"},{"name":"Microsoft.NETCore.App.Runtime.linux-x64","version":"[10.0.12, 10.0.12]"}]""");
        var path = Path.Combine(_root, "project.assets.json");
        await File.WriteAllTextAsync(path, assets.ToJsonString());

        var result = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64") with { AssetsFile = path, SelfContained = true }, default);
        var frameworkDependent = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64") with { AssetsFile = path }, default);

        var pack = result.Packages.Single(p => p.Type == ComponentType.Framework);
        Assert.AreEqual("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12", pack.Purl!.ToString(), "the AspNetCore pack is downloaded too, but the app does not reference that framework");
        Assert.AreEqual("runtime-pack", Property(pack, ProjectAssetsSource.DependencyKindProperty));
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, pack.Hashes.Single().Value, "the hash file's content, as hex");
        CollectionAssert.Contains(result.Packages.Single(p => p.Type == ComponentType.Application).DependsOn.ToArray(), pack.Purl);
        Assert.AreEqual(0, frameworkDependent.Packages.Count(p => p.Type == ComponentType.Framework), "a framework-dependent app uses the image's runtime");
    }

    [TestMethod]
    public async Task A_missing_assets_file_is_SCSEC3062()
    {
        var result = await ProjectAssetsSource.ReadAsync(Inputs(null) with { AssetsFile = Path.Combine(_root, "obj", "project.assets.json") }, default);

        Assert.AreEqual("SCSEC3062", result.Diagnostics.Single().Code);
        Assert.AreEqual(0, result.Packages.Count);
    }

    [TestMethod]
    [DataRow("{ not json")]
    [DataRow("""{"version":3,"targets":{}}""")]
    [DataRow("""{"version":3,"targets":{"net10.0":{"NoVersion":{}}},"libraries":{},"project":{"restore":{"projectName":"A"},"frameworks":{"net10.0":{}}}}""")]
    public async Task A_corrupt_assets_file_is_SCSEC3063(string content)
    {
        var path = Path.Combine(_root, "project.assets.json");
        await File.WriteAllTextAsync(path, content);

        var result = await ProjectAssetsSource.ReadAsync(Inputs(null) with { AssetsFile = path }, default);

        Assert.AreEqual("SCSEC3063", result.Diagnostics.Single().Code, result.Diagnostics.Single().Message);
        Assert.AreEqual(0, result.Packages.Count);
    }

    [TestMethod]
    public async Task A_target_framework_that_was_not_restored_is_SCSEC3064_naming_the_targets_present()
    {
        var result = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64") with { TargetFramework = "net8.0" }, default);

        var diagnostic = result.Diagnostics.Single();
        Assert.AreEqual("SCSEC3064", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "'net8.0/linux-x64' (it has: net10.0, net10.0/linux-x64)");
    }

    [TestMethod]
    public async Task A_bad_hash_and_a_corrupt_nuspec_are_coded_warnings_and_the_package_stays()
    {
        var path = Path.Combine(_root, "project.assets.json");
        await File.WriteAllTextAsync(path, DotNetTestData.Read("PackagesApp.project.assets.json").Replace("HrC5BXdl00IP9zeV", "!!!!", StringComparison.Ordinal));
        await File.WriteAllTextAsync(NuspecLicenseReader.NuspecPath(_root, "Polly", "8.5.2"), "<package><metadata><license");

        var result = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64") with { AssetsFile = path }, default);

        CollectionAssert.AreEquivalent(new[] { "SCSEC3063", "SCSEC3065" }, result.Diagnostics.Select(d => d.Code).ToArray());
        StringAssert.Contains(result.Diagnostics.Single(d => d.Code == "SCSEC3063").Message, "Newtonsoft.Json/13.0.3: the sha512");
        StringAssert.Contains(result.Diagnostics.Single(d => d.Code == "SCSEC3065").Message, "polly.nuspec of Polly 8.5.2");
        Assert.AreEqual(0, result.Packages.Single(p => p.Name == "Newtonsoft.Json").Hashes.Count);
        Assert.IsNull(result.Packages.Single(p => p.Name == "Polly").License);
    }

    [TestMethod]
    public async Task Merged_with_the_apps_deps_json_in_the_image_each_package_is_one_component_with_both_locations()
    {
        var fromBuild = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64"), default);
        var layers = SbomTestImages.Layers(
            TestSupport.Fixtures.FixtureImages.DebianLayer(),
            new TestSupport.Fixtures.LayerBuilder().File("app/PackagesApp.deps.json", DotNetTestData.Read("PackagesApp.deps.json")).Build());

        var document = (await SbomTestImages.Generator().GenerateAsync(SbomTestImages.Subject, layers, fromBuild.Packages)).Document;

        var nuget = document.Components.Where(c => c.Purl?.Type == "nuget").ToList();
        Assert.AreEqual(12, nuget.Count, "eleven packages and the app, each once");
        foreach (var component in nuget)
        {
            CollectionAssert.AreEqual(new[] { "/app/PackagesApp.deps.json", fromBuild.Packages[0].Path },
                component.Properties.Where(p => p.Name == SbomProperty.LocationPath).Select(p => p.Value).ToArray(), component.Name);
        }

        var newtonsoft = nuget.Single(c => c.Name == "Newtonsoft.Json");
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, newtonsoft.Hashes.Single().Value, "the same hash from both sources is kept once");
        Assert.AreEqual(new SbomLicense(LicenseKind.SpdxId, "MIT"), newtonsoft.Licenses.Single());
        var app = nuget.Single(c => c.Type == ComponentType.Application);
        Assert.AreEqual(5, document.Dependencies.Single(d => d.Ref == app.BomRef).DependsOn.Count);
        CollectionAssert.Contains(document.Dependencies[0].DependsOn.ToArray(), app.BomRef, "the image depends on the app");
    }

    [TestMethod]
    public async Task In_spdx_a_package_known_only_from_the_build_has_its_sha512_and_no_layer()
    {
        var fromBuild = await ProjectAssetsSource.ReadAsync(Inputs("linux-x64"), default);
        var document = (await SbomTestImages.Generator().GenerateAsync(SbomTestImages.Subject, SbomTestImages.Debian(), fromBuild.Packages)).Document;

        var spdx = System.Text.Json.Nodes.JsonNode.Parse(new SpdxJsonWriter().ToBytes(document))!;
        var newtonsoft = spdx["packages"]!.AsArray().Single(p => (string?)p!["name"] == "Newtonsoft.Json")!;
        Assert.AreEqual($"found by {ProjectAssetsSource.CatalogerName} in {fromBuild.Packages[0].Path}", (string?)newtonsoft["sourceInfo"]);
        Assert.AreEqual("SHA512", (string?)newtonsoft["checksums"]![0]!["algorithm"]);
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, (string?)newtonsoft["checksums"]![0]!["checksumValue"]);
        Assert.AreEqual("MIT", (string?)newtonsoft["licenseDeclared"]);
    }

    private static string? Property(Security.Sbom.Catalogers.CatalogedPackage package, string name) =>
        package.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    private DotNetProjectInputs Inputs(string? rid) => new()
    {
        AssetsFile = DotNetTestData.PathOf("PackagesApp.project.assets.json"),
        PackagesRoot = _root,
        TargetFramework = "net10.0",
        RuntimeIdentifier = rid,
    };

    private void WriteNuspec(string id, string version, string license)
    {
        var path = NuspecLicenseReader.NuspecPath(_root, id, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version>{license}</metadata>
            </package>
            """);
    }
}
