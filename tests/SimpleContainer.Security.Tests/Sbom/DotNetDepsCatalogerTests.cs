using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.CatalogerTestFiles;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class DotNetDepsCatalogerTests
{
    private const string FrameworkPath = $"/usr/share/dotnet/shared/Microsoft.NETCore.App/{TestData.NetCoreAppVersion}/Microsoft.NETCore.App.deps.json";

    [TestMethod]
    public void The_real_shared_framework_deps_json_gives_the_runtime_pack_as_a_framework()
    {
        var result = new DotNetDepsCataloger().Catalog(Context(null, File(FrameworkPath, TestData.NetCoreAppDepsJson)), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var framework = result.Packages.Single();
        Assert.AreEqual("Microsoft.NETCore.App.Runtime.linux-x64", framework.Name);
        Assert.AreEqual("10.0.12", framework.Version);
        Assert.AreEqual(ComponentType.Framework, framework.Type);
        Assert.AreEqual("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12", framework.Purl!.ToString());
        Assert.AreEqual(0, framework.Hashes.Count, "the framework's deps.json has an empty sha512");
        Assert.IsTrue(framework.Properties.Contains(new SbomProperty(DotNetDepsCataloger.FrameworkProperty, "Microsoft.NETCore.App")));
        Assert.AreEqual(FrameworkPath, framework.Path);
    }

    [TestMethod]
    public void A_real_app_deps_json_gives_every_package_with_its_sha512_the_app_and_the_graph()
    {
        var result = new DotNetDepsCataloger().Catalog(Context(null, File("/app/PackagesApp.deps.json", DotNetTestData.Read("PackagesApp.deps.json"))), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var libraries = result.Packages.Where(p => p.Type == ComponentType.Library).ToList();
        CollectionAssert.AreEquivalent(DotNetTestData.Packages, libraries.Select(p => $"{p.Name}@{p.Version}").ToArray());
        Assert.IsTrue(libraries.All(p => p.Hashes.Single().Algorithm == SbomHash.Sha512 && p.Hashes[0].Value.Length == 128));
        var newtonsoft = libraries.Single(p => p.Name == "Newtonsoft.Json");
        Assert.AreEqual("pkg:nuget/Newtonsoft.Json@13.0.3", newtonsoft.Purl!.ToString());
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, newtonsoft.Hashes[0].Value);

        var app = result.Packages.Single(p => p.Type == ComponentType.Application);
        Assert.AreEqual("pkg:nuget/PackagesApp@1.0.0", app.Purl!.ToString());
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.Extensions.Logging", "Newtonsoft.Json", "NuGet.Versioning", "Polly", "YamlDotNet" },
            app.DependsOn.Select(p => p.Name).ToArray(), "the app depends on its five direct packages");
        CollectionAssert.AreEqual(new[] { "Polly.Core" }, libraries.Single(p => p.Name == "Polly").DependsOn.Select(p => p.Name).ToArray());
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options" },
            libraries.Single(p => p.Name == "Microsoft.Extensions.Logging").DependsOn.Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void A_self_contained_apps_runtimepack_is_the_framework_under_its_pack_name()
    {
        var deps = """
            {"runtimeTarget":{"name":".NETCoreApp,Version=v10.0/linux-x64"},
             "targets":{".NETCoreApp,Version=v10.0/linux-x64":{"Svc/2.1.0":{"dependencies":{"Polly":"8.5.2"}},"Polly/8.5.2":{}}},
             "libraries":{"Svc/2.1.0":{"type":"project","sha512":""},
               "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.12":{"type":"runtimepack","sha512":""},
               "Polly/8.5.2":{"type":"package","sha512":"sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="},
               "Shared.Contracts/1.0.0":{"type":"project"},
               "System.Runtime/4.0.0":{"type":"reference"}}}
            """;
        var result = new DotNetDepsCataloger().Catalog(Context(null, File("/srv/Svc.deps.json", deps)), default);

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        CollectionAssert.AreEquivalent(
            new[] { "pkg:nuget/Svc@2.1.0 Application", "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12 Framework", "pkg:nuget/Polly@8.5.2 Library", "pkg:nuget/Shared.Contracts@1.0.0 Library" },
            result.Packages.Select(p => $"{p.Purl} {p.Type}").ToArray(), "reference libraries are not packages");
        Assert.AreEqual("pkg:nuget/Polly@8.5.2", result.Packages.Single(p => p.Name == "Svc").DependsOn.Single().ToString());
    }

    [TestMethod]
    public void A_framework_deps_json_without_its_pack_library_is_named_from_its_folder_and_runtime_target()
    {
        var path = "/usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.12/Microsoft.AspNetCore.App.deps.json";
        var deps = """{"runtimeTarget":{"name":".NETCoreApp,Version=v10.0/linux-arm64"},"targets":{},"libraries":{}}""";
        var result = new DotNetDepsCataloger().Catalog(Context(null, File(path, deps)), default);

        var framework = result.Packages.Single();
        Assert.AreEqual("pkg:nuget/Microsoft.AspNetCore.App.Runtime.linux-arm64@10.0.12", framework.Purl!.ToString());
        Assert.AreEqual(ComponentType.Framework, framework.Type);
    }

    [TestMethod]
    [DataRow("{not json", "SCSEC3060")]
    [DataRow("[1,2]", "SCSEC3060")]
    [DataRow("""{"targets":{}}""", "SCSEC3060")]
    public void A_deps_json_that_cannot_be_read_is_a_coded_warning(string content, string code)
    {
        var result = new DotNetDepsCataloger().Catalog(Context(null, File("/app/Broken.deps.json", content), File("/app/PackagesApp.deps.json", DotNetTestData.Read("PackagesApp.deps.json"))), default);

        Assert.AreEqual(code, result.Diagnostics.Single().Code);
        StringAssert.Contains(result.Diagnostics[0].Message, "/app/Broken.deps.json");
        Assert.AreEqual(12, result.Packages.Count, "the other file is still read");
    }

    [TestMethod]
    public void Bad_library_entries_are_coded_warnings_and_the_good_ones_are_kept()
    {
        var deps = """
            {"libraries":{
              "NoVersion":{"type":"package"},
              "Bad.Hash/1.0.0":{"type":"package","sha512":"sha512-not base64!"},
              "Short.Hash/1.0.0":{"type":"package","sha512":"sha512-AAAA"},
              "NotAnObject/1.0.0":"package",
              "Good/1.0.0":{"type":"package","sha512":""}}}
            """;
        var result = new DotNetDepsCataloger().Catalog(Context(null, File("/app/X.deps.json", deps)), default);

        CollectionAssert.AreEqual(new[] { "Good" }, result.Packages.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "SCSEC3061", "SCSEC3061", "SCSEC3061", "SCSEC3061" }, result.Diagnostics.Select(d => d.Code).ToArray());
        var messages = string.Join("\n", result.Diagnostics.Select(d => d.Message));
        StringAssert.Contains(messages, "'NoVersion' was skipped: the key is not 'name/version'");
        StringAssert.Contains(messages, "'Bad.Hash/1.0.0' was skipped: the sha512 'sha512-not base64!' is not base64 of 64 bytes");
        StringAssert.Contains(messages, "'NotAnObject/1.0.0' was skipped: its value is a JSON string, not an object");
    }

    [TestMethod]
    public async Task The_default_generator_lists_the_runtime_of_the_fixture_image_and_merges_a_package_found_twice()
    {
        var app = DotNetTestData.Read("PackagesApp.deps.json");
        var layers = SbomTestImages.Layers(
            FixtureImages.DebianLayer(),
            FixtureImages.DotnetRuntimeLayer(),
            new LayerBuilder().File("app/PackagesApp.deps.json", app).File("opt/copy/PackagesApp.deps.json", app).Build());
        var document = (await SbomTestImages.Generator().GenerateAsync(SbomTestImages.Subject, layers)).Document;

        var runtime = document.Components.Single(c => c.Type == ComponentType.Framework);
        Assert.AreEqual("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12", runtime.Purl!.ToString());
        var newtonsoft = document.Components.Single(c => c.Name == "Newtonsoft.Json");
        CollectionAssert.AreEqual(new[] { "/app/PackagesApp.deps.json", "/opt/copy/PackagesApp.deps.json" },
            newtonsoft.Properties.Where(p => p.Name == SbomProperty.LocationPath).Select(p => p.Value).ToArray());
        Assert.AreEqual(DotNetTestData.NewtonsoftSha512Hex, newtonsoft.Hashes.Single().Value);
        Assert.AreEqual(11, document.Components.Count(c => c.Purl?.Type == "nuget" && c.Type == ComponentType.Library));
    }
}
