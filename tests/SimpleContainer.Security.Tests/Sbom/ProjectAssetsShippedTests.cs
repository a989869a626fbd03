using SimpleContainer.Security.Sbom.Catalogers.DotNet;

namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>The SBOM lists what ships: packages that put nothing in the publish output are not components.</summary>
[TestClass]
public sealed class ProjectAssetsShippedTests
{
    private const string Assets = """
        {
          "version": 3,
          "targets": {
            "net10.0": {
              "Lib/1.0.0": { "type": "package", "compile": { "lib/net8.0/Lib.dll": {} }, "runtime": { "lib/net8.0/Lib.dll": {} } },
              "Meta/1.0.0": { "type": "package", "dependencies": { "Lib": "1.0.0" } },
              "Native.Only/1.0.0": { "type": "package", "runtimeTargets": { "runtimes/linux-x64/native/libx.so": { "assetType": "native", "rid": "linux-x64" } } },
              "SimpleContainer.Security.Build/1.0.0": { "type": "package", "build": { "build/SimpleContainer.Security.Build.props": {}, "build/SimpleContainer.Security.Build.targets": {} } },
              "Some.Analyzers/2.0.0": { "type": "package", "dependencies": { "Analyzer.Helper": "2.0.0" } },
              "Analyzer.Helper/2.0.0": { "type": "package", "compile": { "lib/netstandard2.0/_._": {} }, "runtime": { "lib/netstandard2.0/_._": {} } }
            }
          },
          "libraries": {},
          "project": {
            "version": "1.0.0",
            "restore": { "projectName": "App" },
            "frameworks": { "net10.0": { "dependencies": {
              "Meta": { "target": "Package", "version": "[1.0.0, )" },
              "Native.Only": { "target": "Package", "version": "[1.0.0, )" },
              "SimpleContainer.Security.Build": { "suppressParent": "All", "target": "Package", "version": "[1.0.0, )" },
              "Some.Analyzers": { "include": "Build, Analyzers", "suppressParent": "All", "target": "Package", "version": "[2.0.0, )" }
            } } }
          }
        }
        """;

    [TestMethod]
    public async Task Development_dependencies_analyzers_and_build_only_packages_are_not_components()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-assets-").FullName, "project.assets.json");
        await File.WriteAllTextAsync(path, Assets);

        var result = await ProjectAssetsSource.ReadAsync(new DotNetProjectInputs { AssetsFile = path, TargetFramework = "net10.0" }, default);

        var names = result.Packages.Select(p => p.Name).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Lib", "Meta", "Native.Only" }, names, "runtime assets, or a dependency that has them");
        foreach (var shipsNothing in new[] { "SimpleContainer.Security.Build", "Some.Analyzers", "Analyzer.Helper" })
        {
            CollectionAssert.DoesNotContain(names, shipsNothing);
        }
    }
}
