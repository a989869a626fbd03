using System.Text.Json;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.Tests.Cli;

[TestClass]
public sealed class SbomGenerateCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("cyclonedx-json")]
    [DataRow("spdx-json")]
    public async Task Sc_sbom_generate_into_an_output_dir_writes_what_the_publishs_sbom_stage_writes(string format)
    {
        var folder = Directory.CreateTempSubdirectory("sc-sbom-generate-").FullName;
        var archive = OciLayoutArchive.Write(Path.Combine(folder, "app.tar"), [FixtureImages.DebianLayer()]);
        var variables = new Dictionary<string, string?> { ["SC_CACHE_DIR"] = Path.Combine(folder, "cache") };
        var fromCli = Path.Combine(folder, "cli");

        var (code, _, error) = await RunAsync(variables, "sbom", "generate", "--archive", archive, "--name", "it/app", "--format", format, "--output-dir", fromCli);

        Assert.AreEqual(ExitCodes.Ok, code, error);
        var layout = new SecurityArtifactLayout(Path.Combine(folder, "obj"));
        using (var client = new RegistryClient())
        {
            var options = new SbomOptions { Formats = SbomFormats.Parse(format) };
            var stage = await new SbomStage(client, new SbomGenerator()).RunAsync(await ArchiveRecordAsync(archive), layout, options, TestContext.CancellationToken);
            Assert.AreEqual(StageOutcome.Succeeded, stage.Outcome, string.Join("\n", stage.Diagnostics));
        }

        var published = Directory.GetFiles(layout.Root).Select(Path.GetFileName).ToArray();
        CollectionAssert.AreEqual(published, Directory.GetFiles(fromCli).Select(Path.GetFileName).ToArray(), "the same file names");
        Assert.HasCount(1, published);
        CollectionAssert.AreEqual(Packages(Path.Combine(layout.Root, published[0]!)), Packages(Path.Combine(fromCli, published[0]!)), "the same packages");
        CollectionAssert.IsSubsetOf(HostileLayers.BasePackages, Packages(Path.Combine(fromCli, published[0]!)));
    }

    [TestMethod]
    public async Task Output_and_output_dir_together_are_a_usage_error()
    {
        var (code, _, error) = await RunAsync([], "sbom", "generate", "--archive", "/nonexistent/app.tar", "--output", "a.json", "--output-dir", "b");

        Assert.AreEqual(ExitCodes.ConfigurationError, code, error);
        StringAssert.Contains(error, "--output-dir");
    }

    private static async Task<ImageRecord> ArchiveRecordAsync(string archive)
    {
        using var layout = await OciImageLayout.OpenAsync(archive);
        var entry = layout.Index.Manifests.Single();
        return new ImageRecord
        {
            Project = "/src/App/App.csproj",
            Repository = "it/app",
            Digest = entry.Digest.ToString(),
            MediaType = entry.MediaType,
            ArchivePath = archive,
        };
    }

    private static string[] Packages(string sbom)
    {
        var root = JsonDocument.Parse(File.ReadAllBytes(sbom)).RootElement;
        var items = root.TryGetProperty("components", out var components) ? components : root.GetProperty("packages");
        return [.. items.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string?> variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, name => variables.GetValueOrDefault(name), () => new RegistryClient());
        var code = await ScCommandLine.InvokeAsync(args, context, TestContext.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
