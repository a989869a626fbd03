using System.Net;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Scanning;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// The gate before the push through a real `dotnet publish -t:PublishContainer`: the base image's layers are read from
/// the test registry and the app from the publish folder, judged with data fetched on demand from loopback sources,
/// and a failing gate stops the publish before the SDK's CreateNewImage, so the registry never sees the image.
/// </summary>
[TestClass]
public sealed class PrePushGateTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task With_failOn_high_a_vulnerable_app_fails_before_the_push_naming_the_advisory_and_the_registry_has_no_tag_or_manifest()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]> { ["Debian:12"] = [ScanTestAdvisories.DebianZlib], ["NuGet"] = [] });
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "prepush-fail", [new("Newtonsoft.Json", "12.0.1")], audit.ServiceIndex);
        const string repository = "it/prepush-fail";

        var result = await PublishAsync(app, repository, osv.BaseUri);

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "error SCSEC4081: Newtonsoft.Json 12.0.1 has a high vulnerability");
        StringAssert.Contains(result.StandardOutput, "GHSA-5crp-9r3c-p9vr");
        StringAssert.Contains(result.StandardOutput, $"error SCSEC4110: {Host}/{repository}:latest was not pushed: the scan before the push (linux/amd64) failed the failOn=high gate");
        StringAssert.Contains(result.StandardOutput, "SCSEC4111: Catalogued");
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC7003", StringComparison.Ordinal), "the security pipeline after the push never ran (no image was recorded)");
        Assert.AreEqual(HttpStatusCode.NotFound, await StatusAsync($"/v2/{repository}/tags/list"), "no tag of the repository");
        Assert.AreEqual(HttpStatusCode.NotFound, await StatusAsync($"/v2/{repository}/manifests/latest"), "no manifest under the tag");

        var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        Assert.AreEqual(GateState.Failed, report.Gate, "the evidence of the refusal is written");
        Assert.IsNull(report.Digest, "judged before it had a digest");
        Assert.IsTrue(report.Verdicts.Any(v => v.Finding.Package.Name == "zlib1g"), "the base image's Debian packages were judged with the app's: " + string.Join(", ", report.Verdicts.Select(v => v.Finding.Package.Name)));
        Assert.IsFalse(File.Exists(Path.Combine(app.SecurityFolder(), "image.json")), "nothing was recorded as pushed");
    }

    [TestMethod]
    public async Task With_ScScanBeforePush_false_the_image_is_pushed_first_and_the_gate_after_the_push_fails_the_publish()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]> { ["Debian:12"] = [ScanTestAdvisories.DebianZlib], ["NuGet"] = [] });
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "prepush-off", [new("Newtonsoft.Json", "12.0.1")], audit.ServiceIndex);
        const string repository = "it/prepush-off";

        var result = await PublishAsync(app, repository, osv.BaseUri, "-p:ScScanBeforePush=false");

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "error SCSEC4081: Newtonsoft.Json 12.0.1 has a high vulnerability");
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC4110", StringComparison.Ordinal), result.StandardOutput);
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC4111", StringComparison.Ordinal), "nothing was judged before the push");
        Assert.AreEqual(HttpStatusCode.OK, await StatusAsync($"/v2/{repository}/manifests/latest"), "the old order: pushed, then judged");
        var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        Assert.AreEqual(GateState.Failed, report.Gate);
        StringAssert.StartsWith(report.Digest, "sha256:", "the image pushed was judged");
    }

    [TestMethod]
    public async Task A_passing_gate_pushes_updates_the_data_once_and_the_scan_after_the_push_finds_the_same_packages()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]> { ["Debian:12"] = [ScanTestAdvisories.DebianZlib], ["NuGet"] = [] });
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "prepush-pass", [], audit.ServiceIndex);
        const string repository = "it/prepush-pass";

        var result = await PublishAsync(app, repository, osv.BaseUri, "-p:ScSbomEnabled=true");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "SCSEC4111: Catalogued");
        StringAssert.Contains(result.StandardOutput, $"SCSEC4115: The image pushed as {Host}/{repository}");
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC4114", StringComparison.Ordinal), result.StandardOutput);
        Assert.AreEqual(HttpStatusCode.OK, await StatusAsync($"/v2/{repository}/manifests/latest"));
        Assert.AreEqual(1, osv.Downloads("Debian:12"), "one download, before the push: " + string.Join(", ", osv.Requests));
        Assert.AreEqual(1, osv.Requests.Count(r => r.StartsWith("GET /Debian:12/", StringComparison.Ordinal)), "the scan after the push asked the bucket nothing: " + string.Join(", ", osv.Requests));
        Assert.AreEqual(1, audit.Requests.Count(r => r.StartsWith("GET /v3/vulnerabilities/base.json", StringComparison.Ordinal)), "nor the audit source: " + string.Join(", ", audit.Requests));
        var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        StringAssert.StartsWith(report.Digest, "sha256:", "the reports left are those of the image pushed");
    }

    [TestMethod]
    public async Task A_multi_platform_publish_judges_each_platform_before_its_push_and_compares_each_with_the_platform_image_pushed()
    {
        await using var audit = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        await using var osv = await OsvBucket.StartAsync(new Dictionary<string, string[]> { ["Debian:12"] = [ScanTestAdvisories.DebianZlib], ["NuGet"] = [] });
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "prepush-multi", [], audit.ServiceIndex);
        const string repository = "it/prepush-multi";

        var result = await PublishAsync(app, repository, osv.BaseUri, "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "(linux/amd64) before the push");
        StringAssert.Contains(result.StandardOutput, "(linux/arm64/v8) before the push");
        StringAssert.Contains(result.StandardOutput, "(linux/amd64) holds the same");
        StringAssert.Contains(result.StandardOutput, "(linux/arm64/v8) holds the same");
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC4114", StringComparison.Ordinal), result.StandardOutput);
        Assert.AreEqual(1, osv.Downloads("Debian:12"), "the platforms share one update: " + string.Join(", ", osv.Requests));
    }

    private static async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}{path}"));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string repository, Uri osv, params string[] more) =>
        DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository={repository}", "-p:NuGetAudit=false",
            "-p:ScScanEnabled=true", "-p:ScScanFailOn=high", $"-p:ScVulnerabilityDatabase={Path.Combine(app.Directory, "empty-cache", "vulnerabilities.db")}", $"-p:ScOsvBaseUrl={osv}", .. more],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
}
