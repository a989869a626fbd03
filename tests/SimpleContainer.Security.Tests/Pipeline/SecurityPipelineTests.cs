using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Tests.Pipeline;

/// <summary>The pipeline's stage semantics with fake stages: order, skipping with a reason, fail-open, a failed gate stopping signing.</summary>
[TestClass]
public sealed class SecurityPipelineTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    [TestMethod]
    public async Task A_failed_gate_stops_signing_and_attesting_and_says_why()
    {
        var sign = new FakeStage("sign", _ => Succeeded("sign"));
        var result = await RunAsync(Options(), new FakeStage("sbom", _ => Succeeded("sbom")), new FakeStage("scan", _ => Outcome("scan", StageOutcome.Failed)), sign, new FakeStage("attest", _ => Succeeded("attest")));

        Assert.IsTrue(result.Failed);
        CollectionAssert.AreEqual(new[] { StageOutcome.Succeeded, StageOutcome.Failed, StageOutcome.Skipped, StageOutcome.Skipped }, result.Stages.Select(s => s.Outcome).ToArray());
        Assert.AreEqual(0, sign.Runs, "signing never ran");
        Assert.AreEqual("the scan stage failed", result["sign"]!.Reason);
        Assert.AreEqual("SCSEC7012", result["sign"]!.Diagnostics.Single().Code);
    }

    [TestMethod]
    public async Task A_stage_that_failed_open_lets_the_next_ones_run()
    {
        var result = await RunAsync(Options(), new FakeStage("sbom", _ => Outcome("sbom", StageOutcome.FailedOpen)), new FakeStage("scan", _ => Succeeded("scan")), new FakeStage("sign", _ => Succeeded("sign")));

        Assert.IsFalse(result.Failed);
        CollectionAssert.AreEqual(new[] { StageOutcome.FailedOpen, StageOutcome.Succeeded, StageOutcome.Succeeded }, result.Stages.Select(s => s.Outcome).ToArray());
    }

    [TestMethod]
    public async Task A_disabled_stage_is_skipped_with_its_reason_and_the_others_run()
    {
        var sbom = new FakeStage("sbom", _ => Succeeded("sbom")) { Skip = "not enabled (ScSbomEnabled)" };
        var result = await RunAsync(Options(), sbom, new FakeStage("scan", _ => Succeeded("scan")));

        Assert.AreEqual(StageOutcome.Skipped, result["sbom"]!.Outcome);
        Assert.AreEqual("not enabled (ScSbomEnabled)", result["sbom"]!.Reason);
        Assert.AreEqual(0, sbom.Runs);
        Assert.AreEqual(StageOutcome.Succeeded, result["scan"]!.Outcome);
    }

    [TestMethod]
    public async Task A_coded_exception_a_stage_lets_escape_is_a_failed_stage_never_lost()
    {
        var result = await RunAsync(Options(), new FakeStage("sbom", _ => throw new ScException(DiagnosticIds.InternalError, "boom")), new FakeStage("sign", _ => Succeeded("sign")));

        Assert.AreEqual(StageOutcome.Failed, result["sbom"]!.Outcome);
        Assert.AreEqual("SCSEC9001", result["sbom"]!.Diagnostics.Single().Code);
        Assert.AreEqual(StageOutcome.Skipped, result["sign"]!.Outcome);
    }

    [TestMethod]
    public async Task Later_stages_see_only_what_this_run_produced()
    {
        var sbomFile = new SecurityArtifact("/obj/sc-security/sbom.cdx.json", SecurityArtifactLayout.SbomKind, Digest);
        IReadOnlyList<SecurityArtifact>? seen = null;
        await RunAsync(
            Options(),
            new FakeStage("sbom", _ => new StageResult("sbom", StageOutcome.Succeeded, [], [sbomFile])),
            new FakeStage("scan", run => { seen = run.ArtifactsOf("sbom"); return Succeeded("scan"); }));

        CollectionAssert.AreEqual(new[] { sbomFile }, seen!.ToArray());

        await RunAsync(
            Options(),
            new FakeStage("sbom", _ => new StageResult("sbom", StageOutcome.FailedOpen, [], [sbomFile])),
            new FakeStage("scan", run => { seen = run.ArtifactsOf("sbom"); return Succeeded("scan"); }));
        Assert.IsEmpty(seen!, "a stage that failed open hands nothing on");
    }

    [TestMethod]
    public async Task The_real_stages_skip_what_is_not_enabled_and_the_attest_stage_without_a_key_fails_open_with_a_warning()
    {
        using var client = new SimpleContainer.Security.Oci.Registry.RegistryClient();
        var (options, _) = SecurityOptions.Resolve([new RawSetting(SecuritySettings.ProvenanceEnabled, "true", SettingSource.Property("ScProvenanceEnabled"))], new SecurityOptionsContext { ProjectDirectory = "/src" });

        var result = await SecurityPipelines.Create(client, _ => null).RunAsync(Record(), new SecurityArtifactLayout(Path.GetTempPath()), options!, default);

        CollectionAssert.AreEqual(new[] { "sbom", "scan", "sign", "attest" }, result.Stages.Select(s => s.Stage).ToArray());
        Assert.IsTrue(result.Stages.Take(3).All(s => s.Outcome == StageOutcome.Skipped && s.Reason!.StartsWith("not enabled", StringComparison.Ordinal)));
        Assert.AreEqual(StageOutcome.FailedOpen, result["attest"]!.Outcome);
        Assert.AreEqual(DiagnosticSeverity.Warning, result["attest"]!.Diagnostics.Single().Severity, "never skipped silently");
        Assert.AreEqual("SCSEC6000", result["attest"]!.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void Earlier_evidence_is_removed_before_a_run()
    {
        var layout = new SecurityArtifactLayout(Directory.CreateTempSubdirectory("sc-layout-").FullName);
        Directory.CreateDirectory(Path.Combine(layout.Root, "nested"));
        File.WriteAllText(Path.Combine(layout.Root, "sbom.cdx.json"), "{}");
        File.WriteAllText(Path.Combine(layout.Root, "nested", "x"), "x");

        Assert.AreEqual(2, layout.RemoveEarlierEvidence());
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(layout.Root));
        Assert.AreEqual(0, new SecurityArtifactLayout(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))).RemoveEarlierEvidence());
    }

    private static SecurityOptions Options() =>
        SecurityOptions.Resolve([], new SecurityOptionsContext { ProjectDirectory = "/src" }).Options!;

    private static ImageRecord Record() => new()
    {
        Project = "/src/app.csproj",
        Repository = "team/app",
        Digest = Digest,
        MediaType = SimpleContainer.Security.Oci.MediaTypes.OciManifest,
    };

    private static Task<SecurityPipelineResult> RunAsync(SecurityOptions options, params ISecurityStage[] stages) =>
        new SecurityPipeline(stages).RunAsync(Record(), new SecurityArtifactLayout(Path.GetTempPath()), options, default);

    private static StageResult Succeeded(string stage) => Outcome(stage, StageOutcome.Succeeded);

    private static StageResult Outcome(string stage, StageOutcome outcome) => new(stage, outcome, [], []);

    private sealed class FakeStage(string name, Func<PipelineRun, StageResult> run) : ISecurityStage
    {
        public string Name => name;

        public string? Skip { get; init; }

        public int Runs { get; private set; }

        public string? SkipReason(SecurityOptions options) => Skip;

        public Task<StageResult> RunAsync(PipelineRun pipelineRun, CancellationToken cancellationToken)
        {
            Runs++;
            return Task.FromResult(run(pipelineRun));
        }
    }
}
