using System.IO.Compression;
using System.Xml.Linq;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>Pins what the SimpleContainer.Security.Build package ships, so a packaging change is a deliberate one.</summary>
[TestClass]
public sealed class PackageContentTests
{
    [TestMethod]
    public async Task The_package_ships_tasks_props_and_targets_and_is_a_development_dependency()
    {
        var feed = await AssemblySetup.FeedAsync();
        using var package = ZipFile.OpenRead(feed.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(
            new[]
            {
                "README.md",
                "SimpleContainer.Security.Build.nuspec",
                "build/SimpleContainer.Security.Build.Stages.targets",
                "build/SimpleContainer.Security.Build.props",
                "build/SimpleContainer.Security.Build.targets",
                "buildTransitive/SimpleContainer.Security.Build.props",
                "buildTransitive/SimpleContainer.Security.Build.targets",
                "tasks/net10.0/BouncyCastle.Cryptography.dll",
                "tasks/net10.0/CliWrap.dll",
                "tasks/net10.0/Microsoft.Data.Sqlite.dll",
                "tasks/net10.0/NuGet.Common.dll",
                "tasks/net10.0/NuGet.Configuration.dll",
                "tasks/net10.0/NuGet.Frameworks.dll",
                "tasks/net10.0/NuGet.Versioning.dll",
                "tasks/net10.0/SQLitePCLRaw.batteries_v2.dll",
                "tasks/net10.0/SQLitePCLRaw.core.dll",
                "tasks/net10.0/SQLitePCLRaw.provider.e_sqlite3.dll",
                "tasks/net10.0/SimpleContainer.Security.Build.deps.json",
                "tasks/net10.0/SimpleContainer.Security.Build.dll",
                "tasks/net10.0/SimpleContainer.Security.dll",
                "tasks/net10.0/System.Security.Cryptography.Pkcs.dll",
                "tasks/net10.0/System.Security.Cryptography.ProtectedData.dll",
                "tasks/net10.0/YamlDotNet.dll",
                "tasks/net10.0/runtimes/linux-arm/native/libe_sqlite3.so",
                "tasks/net10.0/runtimes/linux-arm64/native/libe_sqlite3.so",
                "tasks/net10.0/runtimes/linux-musl-arm64/native/libe_sqlite3.so",
                "tasks/net10.0/runtimes/linux-musl-x64/native/libe_sqlite3.so",
                "tasks/net10.0/runtimes/linux-x64/native/libe_sqlite3.so",
                "tasks/net10.0/runtimes/osx-arm64/native/libe_sqlite3.dylib",
                "tasks/net10.0/runtimes/osx-x64/native/libe_sqlite3.dylib",
                "tasks/net10.0/runtimes/win-arm64/native/e_sqlite3.dll",
                "tasks/net10.0/runtimes/win-x64/native/e_sqlite3.dll",
                "tasks/net10.0/runtimes/win-x86/native/e_sqlite3.dll",
                "tasks/net472/SimpleContainer.Security.Build.dll",
            },
            entries,
            "entries: " + string.Join(", ", entries));

        using var nuspecStream = package.GetEntry("SimpleContainer.Security.Build.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.AreEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.IsNull(metadata.Element(ns + "dependencies"), "consumers get no runtime dependencies");
        Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), "no runtime assets");
        Assert.IsFalse(entries.Any(e => e.Contains("Microsoft.Build", StringComparison.Ordinal)), "MSBuild's own assemblies come from the host");
    }
}
