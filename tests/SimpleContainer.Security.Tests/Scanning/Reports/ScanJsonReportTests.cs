using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;

namespace SimpleContainer.Security.Tests.Scanning.Reports;

[TestClass]
public sealed class ScanJsonReportTests
{
    [TestMethod]
    public void Findings_are_sorted_by_severity_then_id_then_package_whatever_the_input_order()
    {
        var forward = ScanJsonWriter.Serialize(SampleScanReports.TwoPlatforms());
        var backward = ScanJsonWriter.Serialize(SampleScanReports.TwoPlatforms(SampleScanReports.Verdicts().Reverse()));

        CollectionAssert.AreEqual(forward, backward);
        using var json = JsonDocument.Parse(forward);
        var ids = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("id").GetString()} {f.GetProperty("platform").GetString()}").ToArray();
        CollectionAssert.AreEqual(
            new[] { "critical CVE-2024-5535 linux/arm64", "high CVE-2024-21907 linux/amd64", "medium CVE-2024-0727 linux/amd64", "medium CVE-2024-0727 linux/arm64", "low CVE-2023-5678 linux/amd64" },
            ids);
    }

    [TestMethod]
    public void The_document_carries_policy_gate_scanners_summary_and_every_finding_field()
    {
        using var json = JsonDocument.Parse(ScanJsonWriter.Serialize(SampleScanReports.TwoPlatforms()));
        var root = json.RootElement;

        Assert.AreEqual(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual("2026-11-22T07:30:00.0000000Z", root.GetProperty("created").GetString());
        Assert.AreEqual("high", root.GetProperty("policy").GetProperty("failOn").GetString());
        Assert.IsFalse(root.GetProperty("policy").GetProperty("softFail").GetBoolean());
        Assert.AreEqual("failed", root.GetProperty("gate").GetString());
        Assert.AreEqual(0, root.GetProperty("gateReasons").GetArrayLength());
        var grype = root.GetProperty("scanners")[1];
        Assert.AreEqual("missing", grype.GetProperty("outcome").GetString());
        StringAssert.StartsWith(grype.GetProperty("error").GetString(), "SCSEC4050");
        Assert.AreEqual(1234, root.GetProperty("scanners")[0].GetProperty("durationMs").GetInt64());
        var summary = root.GetProperty("summary");
        Assert.AreEqual(5, summary.GetProperty("total").GetInt32());
        Assert.AreEqual(2, summary.GetProperty("bySeverity").GetProperty("medium").GetInt32());
        Assert.AreEqual(0, summary.GetProperty("bySeverity").GetProperty("negligible").GetInt32());
        Assert.AreEqual(1, summary.GetProperty("byAction").GetProperty("fail").GetInt32());
        Assert.AreEqual(1, summary.GetProperty("byAction").GetProperty("not_affected").GetInt32());
        var ignored = root.GetProperty("findings")[0];
        Assert.AreEqual("ignored", ignored.GetProperty("action").GetString());
        Assert.AreEqual("Only used for TLS clients we do not run; expires 2027-01-01", ignored.GetProperty("reason").GetString());
        Assert.AreEqual("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", ignored.GetProperty("package").GetProperty("purl").GetString());
        Assert.AreEqual("openssl", ignored.GetProperty("package").GetProperty("sourceName").GetString());
        Assert.AreEqual(9.1, ignored.GetProperty("cvssScore").GetDouble());
        CollectionAssert.AreEqual(new[] { "builtin", "trivy" }, ignored.GetProperty("foundBy").EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Written_reports_read_back_to_the_same_report_byte_for_byte()
    {
        var original = SampleScanReports.TwoPlatforms();
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-scanjson-").FullName, "out", "scan.json");

        await ScanJsonWriter.WriteAsync(original, path, CancellationToken.None);
        var read = await ScanJsonReader.ReadAsync(path, CancellationToken.None);

        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(path), ScanJsonWriter.Serialize(read));
        Assert.AreEqual(original.Subject, read.Subject);
        Assert.AreEqual(original.Created, read.Created);
        Assert.AreEqual(original.GatePassed, read.GatePassed);
        Assert.AreEqual(ScannerOutcome.Missing, read.Scanners[1].Outcome);
        var nuget = read.Verdicts.Single(v => v.Finding.Package.Ecosystem == PackageEcosystem.NuGet);
        Assert.AreEqual(FindingAction.Fail, nuget.Action);
        Assert.AreEqual("pkg:nuget/Newtonsoft.Json@12.0.3", nuget.Finding.Package.Purl?.ToString());
        var openssl = read.Verdicts.First(v => v.Finding.Package.Name == "libssl3");
        Assert.AreEqual(SampleScanReports.OpenSsl, openssl.Finding.Package.Purl, "the purl parses back to the same canonical purl ('~' and qualifiers)");
        Assert.AreEqual("bookworm", read.Targets[0].Distro?.Codename);
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!).Count(f => f.EndsWith(".tmp", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Other_documents_and_newer_schemas_are_a_coded_error()
    {
        var newer = Assert.ThrowsExactly<ScException>(() => ScanJsonReader.Parse(Encoding.UTF8.GetBytes("""{"schemaVersion":3,"subject":"x","created":"2026-01-01T00:00:00Z"}"""), "scan.json"));
        var sbom = Assert.ThrowsExactly<ScException>(() => ScanJsonReader.Parse(Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX"}"""), "sbom.json"));
        var text = Assert.ThrowsExactly<ScException>(() => ScanJsonReader.Parse(Encoding.UTF8.GetBytes("# scan"), "scan.md"));
        var action = Assert.ThrowsExactly<ScException>(() => ScanJsonReader.Parse(Encoding.UTF8.GetBytes("""{"schemaVersion":1,"subject":"x","created":"2026-01-01T00:00:00Z","findings":[{"id":"CVE-1","package":{"name":"p"},"action":"maybe"}]}"""), "scan.json"));

        Assert.AreEqual("SCSEC4060", newer.Code);
        StringAssert.Contains(newer.Message, "schemaVersion 3 is newer than 2");
        StringAssert.Contains(sbom.Message, "sbom.json is not a scan.json report");
        Assert.AreEqual("SCSEC4060", text.Code);
        StringAssert.Contains(action.Message, "'maybe'");
    }
}
