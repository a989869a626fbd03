using SimpleContainer.Security.Cli.Release;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
public sealed class PublishDiagnosticTests
{
    [TestMethod]
    public void It_reads_as_MSBuild_prints_it()
    {
        Assert.AreEqual("warning SCSEC4105: The source failed.", new PublishDiagnostic(false, "SCSEC4105", "The source failed.").ToString());
        Assert.AreEqual("error CS0103: The name 'x' does not exist.", new PublishDiagnostic(true, "CS0103", "The name 'x' does not exist.").ToString());
        Assert.AreEqual("error: no code", new PublishDiagnostic(true, null, "no code").ToString());
    }

    [TestMethod]
    public void Each_SCSEC_diagnostic_is_the_reason_of_the_stage_its_area_belongs_to_joined_in_order()
    {
        var reasons = PublishDiagnostic.StageReasons(
        [
            new(false, "SCSEC3010", "no SBOM of the app"),
            new(false, "SCSEC4105", "first"),
            new(true, "SCSEC4110", "second"),
            new(false, "SCSEC5020", "Rekor down"),
            new(false, "SCSEC6005", "provenance note"),
            new(false, "SCSEC7012", "The attest stage did not run for x: the key is missing."),
            new(true, "MSB3073", "a command failed"),
            new(false, "CS8618", "nullable"),
            new(false, "SCSEC8022", "a release warning"),
        ]);

        Assert.HasCount(4, reasons);
        Assert.AreEqual("warning SCSEC3010: no SBOM of the app", reasons["sbom"]);
        Assert.AreEqual("warning SCSEC4105: first; error SCSEC4110: second", reasons["scan"]);
        Assert.AreEqual("warning SCSEC5020: Rekor down", reasons["sign"]);
        Assert.AreEqual("warning SCSEC6005: provenance note; warning SCSEC7012: The attest stage did not run for x: the key is missing.", reasons["attest"]);
    }

    [TestMethod]
    public void A_publishs_events_tell_each_stage_as_it_starts_and_keep_its_diagnostics_and_log_lines()
    {
        var stages = new List<string>();
        var events = new PublishEvents(stages.Add);

        events.Message("Orders.Api -> /src/bin/Release/net10.0/Orders.Api.dll");
        events.Message("SCSEC8027: Stage 'sbom' started for localhost:5000/orders@sha256:00.");
        events.Diagnostic(new PublishDiagnostic(false, "SCSEC4105", "The source failed."), "/pkg/build/x.targets(154,5)");
        events.Message("SCSEC8027: Stage 'scan' started for localhost:5000/orders@sha256:00.");
        events.Diagnostic(new PublishDiagnostic(true, "SCSEC4110", "The gate failed."), null);

        CollectionAssert.AreEqual(new[] { "sbom", "scan" }, stages);
        Assert.HasCount(2, events.Diagnostics);
        CollectionAssert.AreEqual(
            new[]
            {
                "Orders.Api -> /src/bin/Release/net10.0/Orders.Api.dll",
                "SCSEC8027: Stage 'sbom' started for localhost:5000/orders@sha256:00.",
                "/pkg/build/x.targets(154,5): warning SCSEC4105: The source failed.",
                "SCSEC8027: Stage 'scan' started for localhost:5000/orders@sha256:00.",
                "error SCSEC4110: The gate failed.",
            },
            events.Lines.ToArray());
    }
}
