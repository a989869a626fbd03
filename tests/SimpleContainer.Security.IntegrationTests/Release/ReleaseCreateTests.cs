using SimpleContainer.Security.Oci;
using System.Text.Json;
using SimpleContainer.Security.IntegrationTests.Scanning;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Release;

/// <summary>
/// <c>sc release create</c> on tests/release-solution (three services, a library, a test project), copied to a
/// temporary git work tree, publishing for real against the test registry with a cosign-made key.
/// </summary>
[TestClass]
public sealed class ReleaseCreateTests
{
    private const string Password = "release-pass";
    private static string? keyFolder;
    private static string? database;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static string KeyPath => Path.Combine(keyFolder!, "cosign.key");

    private static string PublicKeyPath => Path.Combine(keyFolder!, "cosign.pub");

    private static Dictionary<string, string?> Environment => new() { ["COSIGN_PASSWORD"] = Password, ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host };

    [ClassInitialize]
    public static async Task CreateKeyAsync(TestContext context)
    {
        keyFolder = Directory.CreateTempSubdirectory("sc-release-keys-").FullName;
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keyFolder, "cosign")], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
        database = await ScanTestAdvisories.CreateDatabaseAsync("release");
    }

    [TestMethod]
    public async Task Preview_shows_the_three_services_and_the_two_left_out_with_why_without_building()
    {
        var solution = await CopySolutionAsync("preview", failingService: null);

        var (code, output, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "1.4.0", "--solution", Path.Combine(solution, "ReleaseSample.slnx"), "--preview");

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, $"publish  Billing.Worker: {Host}/release/billing-worker:latest,1.4.0 (Microsoft.NET.Sdk.Worker)");
        StringAssert.Contains(output, $"publish  Catalog.Service: {Host}/release/catalog-service:stable,1.4.0 (ContainerRepository=release/catalog-service)");
        StringAssert.Contains(output, $"publish  Orders.Api: {Host}/release/orders-api:latest,1.4.0 (Microsoft.NET.Sdk.Web)");
        StringAssert.Contains(output, "left out Shared: library (OutputType=Library)");
        StringAssert.Contains(output, "left out Shared.Tests: test project (IsTestProject=true)");
        Assert.IsFalse(Directory.EnumerateDirectories(solution, "bin", SearchOption.AllDirectories).Any(), "nothing was built");
    }

    [TestMethod]
    public async Task Release_publishes_sboms_signs_and_attests_all_three_in_parallel_cosign_verifies_each_and_head_is_tagged()
    {
        var solution = await CopySolutionAsync("all", failingService: null);

        var (code, output, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "2.0.0", "--solution", solution, "--parallel", "3");

        Assert.AreEqual(0, code, $"{output}\n{error}");
        using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(solution, "artifacts", "release", "2.0.0", "release.json")));
        var images = summary.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.HasCount(3, images);
        Assert.AreEqual(3, summary.RootElement.GetProperty("parallelism").GetInt32());
        foreach (var image in images)
        {
            var project = image.GetProperty("project").GetString();
            Assert.AreNotEqual("Failed", image.GetProperty("outcome").GetString(), project);
            CollectionAssert.Contains(image.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray(), "2.0.0", project);
            Assert.IsGreaterThan(0, image.GetProperty("sbom").GetProperty("components").GetInt32(), project);
            Assert.IsTrue(image.GetProperty("signature").GetProperty("verifiedAfterSigning").GetBoolean(), project);
            var reference = image.GetProperty("reference").GetString()!;
            var verified = await PeerTools.CosignAsync(["verify", "--key", PublicKeyPath, "--insecure-ignore-tlog=true", "--allow-http-registry", reference]);
            Assert.AreEqual(0, verified.ExitCode, $"cosign verify {reference}: {verified.StandardError}");
            foreach (var type in new[] { "cyclonedx", "slsaprovenance1" })
            {
                var attested = await Attestation.AttestationInteropTests.CosignVerifyAttestationAsync(ImageReference.Parse(reference), PublicKeyPath, "--type", type);
                Assert.AreEqual(0, attested.ExitCode, $"cosign verify-attestation --type {type} {reference}: {attested.StandardError}");
            }
        }

        StringAssert.Contains(output, "# Release 2.0.0: succeeded");
        foreach (var image in images)
        {
            // Not a terminal: plain lines, each stage as the publish reached it (read from its SCSEC8027 lines), in order.
            var project = image.GetProperty("project").GetString();
            var stages = output.Split('\n').Where(l => l.StartsWith($"[release] {project}: stage ", StringComparison.Ordinal)).Select(l => l.Split(' ')[3]).ToArray();
            CollectionAssert.AreEqual(new[] { "build", "sbom", "scan", "sign", "attest" }, stages, $"{project}: {output}");
        }

        StringAssert.Contains(error, "SCSEC8028: Restored the 3 project(s) of the release once");
        var tag = await GitAsync(solution, "tag", "-l", "--format=%(objecttype) %(contents:subject)", "2.0.0");
        Assert.AreEqual("tag # Release 2.0.0: succeeded", tag.Trim(), "an annotated tag with the summary as its message");
    }

    [TestMethod]
    public async Task A_critical_finding_fails_the_release_and_by_default_the_others_finish_and_are_reported()
    {
        var solution = await CopySolutionAsync("critical", failingService: "Catalog.Service");

        var (code, output, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "3.0.0", "--solution", solution, "--parallel", "2", "--property", $"ScVulnerabilityDatabase={database}");

        Assert.AreEqual(1, code, $"{output}\n{error}");
        var outcomes = await OutcomesAsync(solution, "3.0.0");
        Assert.AreEqual("Failed", outcomes["Catalog.Service"]);
        Assert.AreNotEqual("Failed", outcomes["Billing.Worker"]);
        Assert.AreNotEqual("Cancelled", outcomes["Orders.Api"], "the others finish");
        Assert.AreNotEqual("Failed", outcomes["Orders.Api"]);
        StringAssert.Contains(error, "SCSEC8023");
        StringAssert.Contains(error, "CVE-2099-0001");
        Assert.AreEqual(string.Empty, (await GitAsync(solution, "tag", "-l", "3.0.0")).Trim(), "a failed release is not tagged");
    }

    [TestMethod]
    public async Task Fail_fast_cancels_the_images_after_the_critical_failure()
    {
        var solution = await CopySolutionAsync("failfast", failingService: "Catalog.Service");

        var (code, output, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "3.1.0", "--solution", solution, "--parallel", "1", "--fail-fast", "--property", $"ScVulnerabilityDatabase={database}");

        Assert.AreEqual(1, code, $"{output}\n{error}");
        var outcomes = await OutcomesAsync(solution, "3.1.0");
        Assert.AreNotEqual("Failed", outcomes["Billing.Worker"], "published before the failure");
        Assert.AreEqual("Failed", outcomes["Catalog.Service"]);
        Assert.AreEqual("Cancelled", outcomes["Orders.Api"]);
        StringAssert.Contains(error, "Orders.Api was cancelled: not attempted: --fail-fast, after Catalog.Service failed");
    }

    [TestMethod]
    public async Task When_the_shared_restore_fails_each_publish_restores_its_own_project_and_only_the_broken_one_fails()
    {
        var solution = await CopySolutionAsync("restore", failingService: null);
        var orders = Path.Combine(solution, "src", "Orders.Api", "Orders.Api.csproj");
        await File.WriteAllTextAsync(orders, (await File.ReadAllTextAsync(orders)).Replace(
            "<ProjectReference Include=\"..\\Shared\\Shared.csproj\" />",
            "<ProjectReference Include=\"..\\Shared\\Shared.csproj\" />\n    <PackageReference Include=\"Sc.Release.Tests.NoSuchPackage\" Version=\"1.0.0\" />",
            StringComparison.Ordinal));

        var (code, output, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "6.0.0", "--solution", solution, "--parallel", "2", "--property", $"ScVulnerabilityDatabase={database}");

        Assert.AreEqual(1, code, $"{output}\n{error}");
        StringAssert.Contains(error, "SCSEC8029");
        var outcomes = await OutcomesAsync(solution, "6.0.0");
        Assert.AreEqual("Failed", outcomes["Orders.Api"]);
        Assert.AreNotEqual("Failed", outcomes["Billing.Worker"], "restored on its own and published");
        Assert.AreNotEqual("Failed", outcomes["Catalog.Service"], "restored on its own and published");
        StringAssert.Contains(error, "Orders.Api failed: the restore failed: error NU1101");
        StringAssert.Contains(error, "Sc.Release.Tests.NoSuchPackage");
    }

    [TestMethod]
    public async Task A_tag_on_another_commit_refuses_the_release_before_anything_is_built()
    {
        var solution = await CopySolutionAsync("tagged", failingService: null);
        await GitAsync(solution, "tag", "-a", "4.0.0", "-m", "older");
        await File.WriteAllTextAsync(Path.Combine(solution, "CHANGES.md"), "later\n");
        await GitAsync(solution, "add", "-A");
        await GitAsync(solution, "commit", "-qm", "later");

        var (code, _, error) = await Sc.RunAsync(Environment, "release", "create", "-s", "prod", "-e", "live", "--version", "4.0.0", "--solution", solution);

        Assert.AreEqual(3, code, error);
        StringAssert.Contains(error, "SCSEC8010: The tag '4.0.0' already exists on commit");
        Assert.IsFalse(Directory.EnumerateDirectories(solution, "bin", SearchOption.AllDirectories).Any(), "nothing was built");
    }

    [TestMethod]
    public async Task Ctrl_c_stops_the_publishes_exits_130_and_leaves_no_summary_and_no_tag()
    {
        var solution = await CopySolutionAsync("cancel", failingService: null);
        using var cancel = new CancellationTokenSource();
        // Cancelled the moment the first publish is announced: as a user pressing Ctrl+C while the release runs.
        using var output = new CancellingWriter("publishing", cancel);
        using var error = new StringWriter();
        var environment = Environment;
        var context = new SimpleContainer.Security.Cli.CliContext(output, error, name => environment.TryGetValue(name, out var value) ? value : null, () => AssemblySetup.Registries.CreatePlainClient());

        var code = await SimpleContainer.Security.Cli.ScCommandLine.InvokeAsync(["release", "create", "-s", "prod", "-e", "live", "--version", "5.0.0", "--solution", solution], context, cancel.Token);

        Assert.AreEqual(130, code, error.ToString());
        StringAssert.Contains(error.ToString(), "SCSEC8026");
        Assert.IsFalse(Directory.Exists(Path.Combine(solution, "artifacts", "release", "5.0.0")) && Directory.EnumerateFiles(Path.Combine(solution, "artifacts", "release", "5.0.0"), "release.*").Any(), "no summary, not even a part of one");
        Assert.AreEqual(string.Empty, (await GitAsync(solution, "tag", "-l", "5.0.0")).Trim(), "no tag");
    }

    private static async Task<Dictionary<string, string>> OutcomesAsync(string solution, string version)
    {
        using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(solution, "artifacts", "release", version, "release.json")));
        return summary.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("project").GetString()!, i => i.GetProperty("outcome").GetString()!);
    }

    /// <summary>The solution in a fresh git work tree, consuming the packed package; <paramref name="failingService"/> gates on critical findings.</summary>
    private static async Task<string> CopySolutionAsync(string name, string? failingService)
    {
        var feed = await AssemblySetup.FeedAsync();
        var source = Path.Combine(RepositoryLayout.Root, "tests", "release-solution");
        var target = Directory.CreateTempSubdirectory($"sc-release-{name}-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        await File.WriteAllTextAsync(Path.Combine(target, "sc-release-test.props"), $"""
            <Project>
              <PropertyGroup>
                <ContainerRegistry>{Host}</ContainerRegistry>
                <ContainerBaseImage>{Host}/fixtures/dotnet-runtime:10.0</ContainerBaseImage>
                <ScSigningKey>{KeyPath}</ScSigningKey>
                <ScSigningRequired>true</ScSigningRequired>
                <ScScanFailOn>none</ScScanFailOn>
                <ScScanFailOn Condition="'$(MSBuildProjectName)' == '{failingService}'">critical</ScScanFailOn>
              </PropertyGroup>
              <ItemGroup Condition="'$(IsTestProject)' != 'true'">
                <PackageReference Include="{PackageFeed.PackageId}" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(target, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(target, ".gitignore"), "bin/\nobj/\nartifacts/\n");
        await GitAsync(target, "init", "-q");
        await GitAsync(target, "config", "user.name", "sc tests");
        await GitAsync(target, "config", "user.email", "tests@sc.invalid");
        await GitAsync(target, "add", "-A");
        await GitAsync(target, "commit", "-qm", "the release solution");
        return target;
    }

    private static async Task<string> GitAsync(string folder, params string[] arguments)
    {
        var result = await new ToolRunner().RunAsync(
            new ProcessRequest("git", ["-C", folder, "-c", "user.name=sc tests", "-c", "user.email=tests@sc.invalid", .. arguments]) { Timeout = TimeSpan.FromMinutes(1) }, default);
        Assert.AreEqual(0, result.ExitCode, $"git {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>A writer that cancels when a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }
    }
}
