using System.Text.Json;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>
/// The app's NuGet packages in the SBOM of a real publish: every package project.assets.json resolved for the published
/// target is a component with its exact version and SHA-512, the app depends on its direct packages, and the document
/// passes the official CycloneDX schema.
/// </summary>
[TestClass]
public sealed class PublishDotNetSbomTests
{
    /// <summary>Five direct references that pull six more (Polly.Core, Logging.Abstractions, DependencyInjection(.Abstractions), Options, Primitives).</summary>
    private static readonly KeyValuePair<string, string>[] References =
    [
        new("Newtonsoft.Json", "13.0.3"),
        new("YamlDotNet", "16.3.0"),
        new("Polly", "8.5.2"),
        new("Microsoft.Extensions.Logging", "10.0.0"),
        new("NuGet.Versioning", "8.0.0"),
    ];

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task A_framework_dependent_publish_lists_every_resolved_package_with_version_and_sha512()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-nuget", References);

        var result = await PublishAsync(app, "-p:ContainerRepository=it/sbom-nuget");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        using var document = await AssertEveryResolvedPackageAsync(app, Path.Combine(app.SecurityFolder(), "sbom.cdx.json"), runtimeIdentifier: null);
        var newtonsoft = Components(document).Single(c => c.TryGetProperty("purl", out var purl) && purl.GetString() == "pkg:nuget/Newtonsoft.Json@13.0.3");
        CollectionAssert.AreEqual(new[] { "/app/App.deps.json", Path.Combine(app.Directory, "obj", "project.assets.json") },
            newtonsoft.GetProperty("properties").EnumerateArray().Where(p => p.GetProperty("name").GetString() == "sc:location:path").Select(p => p.GetProperty("value").GetString()).ToArray(),
            "found in the image's deps.json and in the build's assets file, listed once");
    }

    [TestMethod]
    public async Task A_self_contained_single_file_publish_lists_every_resolved_package_and_the_bundled_runtime_pack()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sbom-nuget-sc", References);

        // The sample turns the apphost and pack downloads off for multi-RID publishes; a single-file publish needs them.
        var result = await PublishAsync(app, "-p:ContainerRepository=it/sbom-nuget-sc", "-p:PublishSingleFile=true", "-p:RuntimeIdentifier=linux-x64", "-p:SelfContained=true",
            "-p:UseAppHost=true", "-p:EnableRuntimePackDownload=true", "-p:EnableAppHostPackDownload=true");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        using var document = await AssertEveryResolvedPackageAsync(app, Path.Combine(app.SecurityFolder(runtimeIdentifier: "linux-x64"), "sbom.cdx.json"), "linux-x64");
        var newtonsoft = Components(document).Single(c => c.TryGetProperty("purl", out var purl) && purl.GetString() == "pkg:nuget/Newtonsoft.Json@13.0.3");
        Assert.AreEqual("linux-x64", Property(newtonsoft, "sc:dotnet:runtime-identifier"), "read from the net10.0/linux-x64 target");
        var pack = Components(document).Single(c => c.TryGetProperty("purl", out var purl) && purl.GetString()!.StartsWith("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@", StringComparison.Ordinal));
        Assert.AreEqual("runtime-pack", Property(pack, "sc:dotnet:dependency-kind"), "the runtime bundled into the app");
        Assert.AreEqual("SHA-512", pack.GetProperty("hashes")[0].GetProperty("alg").GetString());
    }

    private static async Task<JsonDocument> AssertEveryResolvedPackageAsync(SampleApp app, string sbomPath, string? runtimeIdentifier)
    {
        var validation = await NodeValidators.ValidateCycloneDxAsync(sbomPath);
        Assert.AreEqual(0, validation.ExitCode, validation.StandardOutput + validation.StandardError);

        using var assets = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(app.Directory, "obj", "project.assets.json")));
        var targets = assets.RootElement.GetProperty("targets");
        var target = runtimeIdentifier is not null && targets.TryGetProperty($"net10.0/{runtimeIdentifier}", out var withRid) ? withRid : targets.GetProperty("net10.0");
        var libraries = assets.RootElement.GetProperty("libraries");
        var resolved = target.EnumerateObject().Where(e => e.Value.GetProperty("type").GetString() == "package").Select(e => e.Name).ToList();
        Assert.IsTrue(resolved.Count >= 12, $"five references, six transitive packages and the security package: {string.Join(", ", resolved)}");
        // Packages with no runtime, native or satellite assets and no dependencies put nothing in the app: this package
        // itself (PrivateAssets=all), and build-only ones such as ILLink.Tasks for a self-contained publish.
        var developmentOnly = target.EnumerateObject()
            .Where(e => e.Value.GetProperty("type").GetString() == "package" && !e.Value.TryGetProperty("dependencies", out _)
                && !new[] { "runtime", "native", "runtimeTargets", "resource" }.Any(g => e.Value.TryGetProperty(g, out var assets) && assets.EnumerateObject().Any(f => !f.Name.EndsWith("_._", StringComparison.Ordinal))))
            .Select(e => e.Name).ToList();
        Assert.IsTrue(developmentOnly.Any(r => r.StartsWith("SimpleContainer.Security.Build/", StringComparison.Ordinal)), string.Join(", ", developmentOnly));
        resolved.RemoveAll(developmentOnly.Contains);

        var document = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        var byPurl = Components(document).Where(c => c.TryGetProperty("purl", out _)).ToDictionary(c => c.GetProperty("purl").GetString()!, StringComparer.Ordinal);
        foreach (var key in resolved)
        {
            var (id, version) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var purl = $"pkg:nuget/{id}@{version}";
            Assert.IsTrue(byPurl.TryGetValue(purl, out var component), $"{purl} is missing from {sbomPath}");
            Assert.AreEqual(version, component.GetProperty("version").GetString());
            var expected = Convert.ToHexStringLower(Convert.FromBase64String(libraries.GetProperty(key).GetProperty("sha512").GetString()!));
            var hash = component.GetProperty("hashes").EnumerateArray().Single();
            Assert.AreEqual("SHA-512", hash.GetProperty("alg").GetString(), purl);
            Assert.AreEqual(expected, hash.GetProperty("content").GetString(), purl);
        }

        foreach (var key in developmentOnly)
        {
            Assert.IsFalse(byPurl.ContainsKey($"pkg:nuget/{key.Replace('/', '@')}"), $"{key} ships nothing (a development dependency or build-only tool), so it is not a component");
        }


        var appRef = Components(document).Single(c => c.GetProperty("type").GetString() == "application").GetProperty("bom-ref").GetString();
        var appDependsOn = document.RootElement.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("ref").GetString() == appRef)
            .GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()).ToList();
        foreach (var (id, version) in References)
        {
            CollectionAssert.Contains(appDependsOn, $"pkg:nuget/{id}@{version}", "the app depends on its direct references");
        }

        var polly = byPurl["pkg:nuget/Polly@8.5.2"];
        Assert.AreEqual("direct", Property(polly, "sc:dotnet:dependency-kind"));
        Assert.AreEqual("transitive", Property(byPurl["pkg:nuget/Polly.Core@8.5.2"], "sc:dotnet:dependency-kind"));
        Assert.AreEqual("BSD-3-Clause", byPurl["pkg:nuget/Polly.Core@8.5.2"].GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        Assert.AreEqual("MIT", byPurl["pkg:nuget/Newtonsoft.Json@13.0.3"].GetProperty("licenses")[0].GetProperty("license").GetProperty("id").GetString());
        return document;
    }

    private static IEnumerable<JsonElement> Components(JsonDocument document) => document.RootElement.GetProperty("components").EnumerateArray();

    private static string? Property(JsonElement component, string name) =>
        component.GetProperty("properties").EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => p.GetProperty("value").GetString()).FirstOrDefault();

    private static Task<ProcessResult> PublishAsync(SampleApp app, params string[] properties)
    {
        var arguments = new List<string>
        {
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0",
            "-nodeReuse:false", "-p:ScSbomEnabled=true", $"-p:ContainerRegistry={Host}",
        };
        arguments.AddRange(properties);
        return DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
    }
}
