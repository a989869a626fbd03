using System.IO.Compression;
using System.Text.RegularExpressions;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>
/// The sc tool as a newcomer gets it (README, "Get the packages"): packed with a version of our choosing beside the
/// MSBuild package, installed from that folder with `dotnet tool install`, and run.
/// </summary>
[TestClass]
public sealed partial class ToolPackageTests
{
    [TestMethod]
    public async Task The_packed_tool_reports_the_packed_version_and_carries_only_the_sdk_platforms_native_libraries()
    {
        var feed = await AssemblySetup.FeedAsync();
        await feed.PackToolAsync();

        using (var package = ZipFile.OpenRead(feed.ToolPackagePath))
        {
            var platforms = package.Entries.Select(e => RuntimeFolder().Match(e.FullName)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(
                new[] { "linux-arm", "linux-arm64", "linux-musl-arm64", "linux-musl-x64", "linux-x64", "osx-arm64", "osx-x64", "win-arm64", "win-x64", "win-x86" },
                platforms,
                "native libraries only for the platforms the .NET SDK runs on: " + string.Join(", ", platforms));
            Assert.IsLessThan(15 * 1024 * 1024, new FileInfo(feed.ToolPackagePath).Length, "the tool package was 36 MB with every mobile SQLite build");
        }

        var tools = Directory.CreateTempSubdirectory("sc-tool-").FullName;
        try
        {
            var install = await DotnetCli.RunAsync(tools, ["tool", "install", "--tool-path", tools, "--add-source", feed.Folder, PackageFeed.ToolPackageId, "--version", feed.Version]);
            Assert.IsTrue(install.Succeeded, install.StandardOutput + install.StandardError);
            var sc = Path.Combine(tools, "sc");

            var version = await DotnetCli.RunToolAsync(sc, ["--version"]);
            Assert.AreEqual(0, version.ExitCode, version.StandardError);
            Assert.AreEqual(feed.Version, version.StandardOutput.Trim().Split('+')[0], "sc --version says what was packed");

            // The vulnerability database is SQLite: the trimmed package still loads this platform's native library.
            var database = Path.Combine(tools, "vulndb", "vulnerabilities.db");
            var environment = new Dictionary<string, string?> { ["SC_VULNERABILITY_DB"] = database };
            var update = await DotnetCli.RunToolAsync(sc, ["db", "update", "--source", Path.Combine(RepositoryLayout.Root, "samples", "advisories")], environment);
            Assert.AreEqual(0, update.ExitCode, update.StandardOutput + update.StandardError);
            var status = await DotnetCli.RunToolAsync(sc, ["db", "status"], environment);
            Assert.AreEqual(0, status.ExitCode, status.StandardError);
            StringAssert.Contains(status.StandardOutput, database);
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    [GeneratedRegex(@"^tools/net10\.0/any/runtimes/([^/]+)/")]
    private static partial Regex RuntimeFolder();
}
