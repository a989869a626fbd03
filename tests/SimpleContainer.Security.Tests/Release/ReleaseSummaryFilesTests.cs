using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
public sealed class ReleaseSummaryFilesTests
{
    [TestMethod]
    public async Task Release_json_and_md_are_written_whole_with_the_schema_version_and_every_image()
    {
        var folder = Directory.CreateTempSubdirectory("sc-release-summary-").FullName;
        var summary = Summary();

        var (json, markdown) = await ReleaseSummaryFiles.WriteAsync(summary, folder, default);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        Assert.AreEqual(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.IsFalse(document.RootElement.GetProperty("succeeded").GetBoolean());
        var images = document.RootElement.GetProperty("images");
        Assert.AreEqual("orders", images[0].GetProperty("project").GetString());
        Assert.AreEqual("SucceededWithWarnings", images[0].GetProperty("outcome").GetString());
        Assert.AreEqual(2, images[0].GetProperty("findings").GetProperty("bySeverity").GetProperty("high").GetInt32());
        Assert.AreEqual(JsonValueKind.Null, images[1].GetProperty("findings").ValueKind);
        CollectionAssert.AreEquivalent(new[] { "release.json", "release.md" }, Directory.GetFiles(folder).Select(Path.GetFileName).ToArray(), "no temporary file left");

        var text = await File.ReadAllTextAsync(markdown);
        StringAssert.Contains(text, "# Release 1.0.0: FAILED");
        StringAssert.Contains(text, "| orders | SucceededWithWarnings | localhost:5000/release/orders | latest, 1.0.0 | sha256:aa | cosign-tag, key cosign.pub, verified | 12 components | - | 0/2/0/0/0/0 | passed |");
        StringAssert.Contains(text, "| billing | Failed |");
        StringAssert.Contains(text, "billing failed: error SCSEC4001: the gate failed");
        StringAssert.Contains(text, "orders: sign FailedOpen: the registry was down");
        StringAssert.Contains(text, "| not evaluated |", "a gate that evaluated nothing never says passed");
        StringAssert.Contains(text, "- Shared: library (OutputType=Library)");
    }

    [TestMethod]
    public async Task The_markdown_is_appended_to_the_step_summary_not_written_over_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-step-").FullName, "summary.md");
        await File.WriteAllTextAsync(path, "earlier step\n");

        await ReleaseSummaryFiles.AppendToStepSummaryAsync(Summary(), path, default);

        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith("earlier step\n# Release 1.0.0", text);
    }

    [TestMethod]
    [DataRow("1.0.0")]
    [DataRow("v2.3.4-rc.1")]
    [DataRow("2026_12_05")]
    public void Versions_valid_as_image_and_git_tags_are_accepted(string version) => Assert.AreEqual(version, ReleaseVersion.Validate(version));

    [TestMethod]
    [DataRow("")]
    [DataRow("-1.0")]
    [DataRow("1..0")]
    [DataRow("1.0.")]
    [DataRow("1.0.lock")]
    [DataRow("1.0/x")]
    [DataRow("1.0 beta")]
    public void Versions_that_are_not_valid_tags_are_refused_with_a_code(string version)
    {
        var error = Assert.ThrowsExactly<ScException>(() => ReleaseVersion.Validate(version));
        Assert.AreEqual("SCSEC8001", error.Code);
    }

    private static ReleaseSummary Summary() => new()
    {
        Version = "1.0.0",
        Stack = "prod",
        Environment = "live",
        Source = "/src/x.slnx",
        Commit = "abc",
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(10),
        Parallelism = 2,
        Images =
        [
            new ReleaseImageResult
            {
                Project = "orders", ProjectPath = "/src/orders.csproj", Outcome = ReleaseImageOutcome.SucceededWithWarnings,
                Registry = "localhost:5000", Repository = "release/orders", Tags = ["latest", "1.0.0"], Digest = "sha256:aa",
                Signature = new ReleaseSignature(["cosign-tag"], "cosign.pub", true), Sbom = new ReleaseSbom(["sbom.cdx.json"], 12),
                Findings = new ReleaseFindings(new Dictionary<string, int> { ["critical"] = 0, ["high"] = 2 }, true),
                Stages = [new ReleaseStage("build", "Succeeded", null, 3), new ReleaseStage("sign", "FailedOpen", "the registry was down", 5)],
            },
            new ReleaseImageResult
            {
                Project = "billing", ProjectPath = "/src/billing.csproj", Outcome = ReleaseImageOutcome.Failed, Repository = "release/billing",
                Errors = ["error SCSEC4001: the gate failed"],
            },
        ],
        Excluded = [new ExcludedProject("Shared", "/src/Shared.csproj", "library (OutputType=Library)")],
    };
}
