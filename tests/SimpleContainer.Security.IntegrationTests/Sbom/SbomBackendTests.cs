using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Sbom;

/// <summary>
/// The trivy backend of the SBOM stage. No standalone trivy runs here, so a fake on SC_TRIVY_PATH replays real trivy
/// output (testdata/trivy-rootfs-debian12.cdx.json, made by the trivy cdxgen ships) and records how it was called.
/// </summary>
[TestClass]
public sealed class SbomBackendTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Trivy_backend_is_called_on_the_pinned_image_and_its_document_is_kept()
    {
        var (record, layout) = Record(AssemblySetup.Registries.Images.Debian);
        var (fake, calls) = FakeTrivy();

        var result = await RunAsync(record, layout, SbomTool.Trivy, ("SC_TRIVY_PATH", fake), ("DOTNET_CONTAINER_INSECURE_REGISTRIES", Host));

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics));
        var written = Path.Combine(layout.Root, "sbom.cdx.json");
        CollectionAssert.AreEqual(File.ReadAllBytes(Recorded), File.ReadAllBytes(written));
        Assert.AreEqual(0, (await NodeValidators.ValidateCycloneDxAsync(written)).ExitCode, "trivy's own document is valid CycloneDX");
        StringAssert.Contains(result.Diagnostics.Single().Message, "(9 components)");
        var call = File.ReadAllText(calls);
        StringAssert.Contains(call, "image --format cyclonedx --output ");
        StringAssert.Contains(call, $"--insecure {record.Reference}");
    }

    [TestMethod]
    public async Task A_missing_trivy_warns_and_the_stage_fails_open_unless_required()
    {
        var (record, layout) = Record(AssemblySetup.Registries.Images.Debian);

        var open = await RunAsync(record, layout, SbomTool.Trivy, ("SC_TRIVY_PATH", "/nonexistent/trivy"));
        var closed = await RunAsync(record, layout, SbomTool.Trivy, required: true, ("SC_TRIVY_PATH", "/nonexistent/trivy"));

        Assert.AreEqual(StageOutcome.FailedOpen, open.Outcome);
        Assert.AreEqual("SCSEC3051", open.Diagnostics.Single().Code);
        StringAssert.Contains(open.Diagnostics.Single().Message, "SCSEC3054");
        Assert.AreEqual(StageOutcome.Failed, closed.Outcome);
        Assert.AreEqual("SCSEC3054", closed.Diagnostics.Single().Code);
    }

    private static string Recorded => Path.Combine(RepositoryLayout.Root, "tests", "SimpleContainer.Security.TestSupport", "Fixtures", "testdata", "trivy-rootfs-debian12.cdx.json");

    private static (string Path, string Calls) FakeTrivy()
    {
        var folder = Directory.CreateTempSubdirectory("sc-fake-trivy-").FullName;
        var calls = Path.Combine(folder, "calls.txt");
        var script = Path.Combine(folder, "trivy");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$*" >> '{{calls}}'
            out=""
            while [ $# -gt 0 ]; do [ "$1" = "--output" ] && out="$2"; shift; done
            cp '{{Recorded}}' "$out"
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (script, calls);
    }

    private static (ImageRecord, SecurityArtifactLayout) Record(SimpleContainer.Security.TestSupport.Fixtures.PushedImage image) => (
        new ImageRecord
        {
            Project = "/src/App/App.csproj",
            Registry = Host,
            Repository = image.Reference.Repository,
            Digest = image.Manifest.Digest.ToString(),
            MediaType = image.Manifest.MediaType,
            Reference = image.Reference.Pinned(image.Manifest.Digest).ToString(),
            Pushed = true,
        },
        new SecurityArtifactLayout(Directory.CreateTempSubdirectory("sc-sbom-backend-").FullName));

    private static Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SbomTool tool, params (string Name, string Value)[] environment) =>
        RunAsync(record, layout, tool, false, environment);

    private static async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SbomTool tool, bool required, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => (string?)e.Value);
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var external = new ExternalSbomGenerator(new ToolRunner(), name => variables.GetValueOrDefault(name));
        return await new SbomStage(client, new SbomGenerator(), external).RunAsync(record, layout, new SbomOptions { Tool = tool, Required = required }, default);
    }
}
