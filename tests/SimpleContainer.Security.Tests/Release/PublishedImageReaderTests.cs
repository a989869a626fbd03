using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
public sealed class PublishedImageReaderTests
{
    private static readonly ReleaseProject Project = new("Orders.Api", "/src/Orders.Api/Orders.Api.csproj", "localhost:5000", "release/orders-api", ["latest", "1.0.0"], "Microsoft.NET.Sdk.Web");

    [TestMethod]
    public async Task A_publish_folder_becomes_the_images_row_digest_signature_sbom_findings_and_stage_outcomes()
    {
        var folder = await PublishFolderAsync(withScan: true);
        var outcomes = PublishedImageReader.ParseOutcomes("sbom=Succeeded;scan=Succeeded;sign=Succeeded;attest=Skipped");

        var result = await PublishedImageReader.ReadAsync(Project, Path.Combine(folder, "image.json"), outcomes, new Dictionary<string, string> { ["attest"] = "attestations are not in this version" },
            succeeded: true, [], DateTimeOffset.UtcNow.AddMinutes(-1), 60, default);

        Assert.AreEqual(ReleaseImageOutcome.Succeeded, result.Outcome);
        Assert.AreEqual("sha256:" + new string('a', 64), result.Digest);
        CollectionAssert.AreEqual(new[] { "latest", "1.0.0" }, result.Tags.ToArray());
        Assert.AreEqual(2, result.Sbom!.Components);
        CollectionAssert.AreEqual(new[] { "legacy" }, result.Signature!.Layouts.ToArray());
        Assert.AreEqual("cosign.pub", result.Signature.Key);
        Assert.IsTrue(result.Signature.VerifiedAfterSigning);
        Assert.AreEqual(1, result.Findings!.BySeverity["high"]);
        Assert.IsFalse(result.Findings.GatePassed, "the report's gate failed");
        CollectionAssert.AreEqual(new[] { "build", "sbom", "scan", "sign", "attest" }, result.Stages.Select(s => s.Name).ToArray());
        Assert.AreEqual("attestations are not in this version", result.Stages.Single(s => s.Name == "attest").Reason);
        Assert.IsNotNull(result.Stages.Single(s => s.Name == "sbom").FinishedAfter, "the stage's time comes from its artifact");
        Assert.IsNull(result.Provenance);
    }

    [TestMethod]
    public async Task A_failed_open_stage_is_a_warning_and_nothing_scanned_is_no_verdict()
    {
        var folder = await PublishFolderAsync(withScan: false);

        var result = await PublishedImageReader.ReadAsync(Project, Path.Combine(folder, "image.json"), PublishedImageReader.ParseOutcomes("sbom=Succeeded;scan=FailedOpen"), new Dictionary<string, string>(),
            succeeded: true, [], DateTimeOffset.UtcNow, 1, default);

        Assert.AreEqual(ReleaseImageOutcome.SucceededWithWarnings, result.Outcome);
        Assert.IsNull(result.Findings, "a gate that evaluated nothing has no verdict");
        Assert.AreEqual("not evaluated", ReleaseMarkdown.Gate(result));
        var sign = result.Stages.Single(s => s.Name == "sign");
        Assert.AreEqual("NotRun", sign.Outcome);
        Assert.AreEqual("the publish stopped before this stage", sign.Reason);
    }

    [TestMethod]
    public async Task The_provenance_column_names_each_attestation_file_once()
    {
        var folder = await PublishFolderAsync(withScan: false);
        await File.WriteAllTextAsync(Path.Combine(folder, AttestStage.ProvenanceStatementFileName), "{}");
        await File.WriteAllTextAsync(Path.Combine(folder, "provenance.dsse.json"), "{}");

        var result = await PublishedImageReader.ReadAsync(Project, Path.Combine(folder, "image.json"), PublishedImageReader.ParseOutcomes("attest=Succeeded"), new Dictionary<string, string>(),
            succeeded: true, [], DateTimeOffset.UtcNow, 1, default);

        Assert.AreEqual("provenance.dsse.json, provenance.intoto.json", result.Provenance);
    }

    [TestMethod]
    public void Stage_outcomes_parse_and_an_empty_text_gives_none()
    {
        Assert.AreEqual("Failed", PublishedImageReader.ParseOutcomes("sbom=Succeeded; scan=Failed")["scan"]);
        Assert.IsEmpty(PublishedImageReader.ParseOutcomes(""));
        Assert.IsEmpty(PublishedImageReader.ParseOutcomes(null));
    }

    private static async Task<string> PublishFolderAsync(bool withScan)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("sc-release-reader-").FullName, "sc-security");
        Directory.CreateDirectory(folder);
        var digest = "sha256:" + new string('a', 64);
        await ImageRecordStore.WriteAsync(Path.Combine(folder, "image.json"), new ImageRecord
        {
            Project = Project.ProjectPath,
            Registry = "localhost:5000",
            Repository = "release/orders-api",
            Tags = ["latest", "1.0.0"],
            Digest = digest,
            MediaType = "application/vnd.oci.image.manifest.v1+json",
            Reference = $"localhost:5000/release/orders-api@{digest}",
            Pushed = true,
            RecordedAt = DateTimeOffset.UtcNow,
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "sbom.cdx.json"), """{"bomFormat":"CycloneDX","components":[{"name":"a"},{"name":"b"}]}""");
        await File.WriteAllTextAsync(Path.Combine(folder, "signature.json"), """{"subjects":["x"],"layouts":["legacy"],"keyHint":"cosign.pub","verifiedAfterSigning":true}""");
        if (withScan)
        {
            // A real report (the scan stage's writer): a high finding fails its failOn=high gate.
            await File.WriteAllBytesAsync(Path.Combine(folder, "scan.json"), SimpleContainer.Security.Scanning.Reports.ScanJsonWriter.Serialize(SimpleContainer.Security.Tests.Scanning.Reports.SampleScanReports.TwoPlatforms()));
        }

        return folder;
    }
}
