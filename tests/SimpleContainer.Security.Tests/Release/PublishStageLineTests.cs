using SimpleContainer.Security.Cli.Release;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
public sealed class PublishStageLineTests
{
    private static string StageLine(string stage) =>
        "  " + new ScDiagnostic(DiagnosticIds.ReleaseStageStarted, DiagnosticSeverity.Message, stage, "localhost:5000/release/orders-api@sha256:" + new string('a', 64)).Message;

    [TestMethod]
    [DataRow("sbom")]
    [DataRow("scan")]
    [DataRow("sign")]
    [DataRow("attest")]
    public void The_line_the_hook_logs_as_a_stage_begins_names_that_stage(string stage) =>
        Assert.AreEqual(stage, PublishStageLine.StageOf(StageLine(stage)));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  Orders.Api -> /src/Orders.Api/bin/Release/net10.0/Orders.Api.dll")]
    [DataRow("  SCSEC7003: Recorded image localhost:5000/x@sha256:00 in /src/obj/sc-security/image.json.")]
    [DataRow("/src/Orders.Api/Orders.Api.csproj : warning SCSEC8027: Stage 'sbom' started for x. [/src/Orders.Api/Orders.Api.csproj]")]
    [DataRow("  SCSEC8027: Stage 'deploy' started for x.")]
    [DataRow("  SCSEC8027: Stage 'SBOM' started for x.")]
    public void Any_other_line_names_no_stage(string? line) => Assert.IsNull(PublishStageLine.StageOf(line));

    [TestMethod]
    public void Plain_progress_writes_each_stage_of_an_image_in_the_order_it_was_reached()
    {
        using var output = new StringWriter();
        var progress = new PlainReleaseProgress(output);
        var project = new ReleaseProject("Orders.Api", "/src/Orders.Api/Orders.Api.csproj", "localhost:5000", "release/orders-api", ["latest", "1.0.0"], "Microsoft.NET.Sdk.Web");

        progress.Started(project);
        foreach (var stage in ReleasePlan.Stages)
        {
            progress.StageStarted(project, stage);
        }

        var stages = output.ToString().Split('\n').Where(l => l.StartsWith("[release] Orders.Api: stage ", StringComparison.Ordinal)).Select(l => l.Split(' ')[3]).ToArray();
        CollectionAssert.AreEqual(ReleasePlan.Stages.ToArray(), stages);
    }
}
