using System.Text.RegularExpressions;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Validators;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// The vulnerability gate through a real publish: the SBOM stage's file is matched against a database built by
/// `sc db update` from OSV records; a failed gate leaves the image unsigned.
/// </summary>
[TestClass]
public sealed partial class PublishScanTests
{
    private const string Password = "publish-scan-pass";
    private static string? keyPath;
    private static string? database;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [ClassInitialize]
    public static async Task SetUpAsync(TestContext context)
    {
        var folder = Directory.CreateTempSubdirectory("sc-scan-keys-").FullName;
        keyPath = Path.Combine(folder, "cosign.key");
        var (code, output, error) = await Sc.RunAsync(new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password }, "generate-key-pair", "--output-key-prefix", Path.Combine(folder, "cosign"));
        Assert.AreEqual(0, code, output + error);
        database = await ScanTestAdvisories.CreateDatabaseAsync("publish");
    }

    [TestMethod]
    public async Task FailOn_high_fails_the_build_with_one_error_per_high_or_critical_finding_and_leaves_no_signature()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "scan-fail", [new("Newtonsoft.Json", "12.0.1")]);

        var result = await PublishAsync(app, "it/scan-fail", "-p:ScScanFailOn=high");

        Assert.AreNotEqual(0, result.ExitCode, result.StandardOutput);
        CollectionAssert.AreEquivalent(new[] { "Newtonsoft.Json 12.0.1 has a high vulnerability, CVE-2024-21907", "libssl3 3.0.22-1~deb12u2 has a critical vulnerability, CVE-2099-0001" }, Violations(result.StandardOutput, "error"));
        StringAssert.Contains(result.StandardOutput, "fixed in 13.0.1");
        StringAssert.Contains(result.StandardOutput, "See https://nvd.nist.gov/vuln/detail/CVE-2024-21907.");
        Assert.IsFalse(result.StandardOutput.Contains("SCTEST-2026-0003", StringComparison.Ordinal), "a Debian 11 advisory never matches a Debian 12 image");
        Assert.AreEqual(0, await SignatureCountAsync(app), "a failed gate leaves the image unsigned");
        Assert.IsFalse(File.Exists(Path.Combine(app.SecurityFolder(), SecurityArtifactLayout.SignatureRecordFileName)));

        var scanJson = Path.Combine(app.SecurityFolder(), "scan.json");
        var report = await SimpleContainer.Security.Scanning.Reports.ScanJsonReader.ReadAsync(scanJson, default);
        Assert.IsFalse(report.GatePassed);
        Assert.AreEqual(3, report.Verdicts.Count, "two failing findings and the medium zlib one");
        Assert.AreEqual(0, (await NodeValidators.ValidateSarifAsync(Path.Combine(app.SecurityFolder(), "scan.sarif"))).ExitCode);
        Assert.IsTrue(File.Exists(Path.Combine(app.SecurityFolder(), "scan.md")));
        using var sarif = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(app.SecurityFolder(), "scan.sarif")));
        var driver = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        Assert.AreEqual((await AssemblySetup.FeedAsync()).Version, driver.GetProperty("version").GetString(), "the SARIF driver is the packed version");
        Assert.AreEqual((await AssemblySetup.FeedAsync()).Version, report.Scanners.Single(s => s.Name == "builtin").Version, "the builtin scanner is versioned with the package");
    }

    [TestMethod]
    public async Task SoftFail_turns_the_errors_into_warnings_and_the_image_is_signed()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "scan-soft", [new("Newtonsoft.Json", "12.0.1")]);

        var result = await PublishAsync(app, "it/scan-soft", "-p:ScScanFailOn=high", "-p:ScScanSoftFail=true");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        Assert.HasCount(2, Violations(result.StandardOutput, "warning"));
        Assert.IsEmpty(Violations(result.StandardOutput, "error"));
        Assert.AreEqual(1, await SignatureCountAsync(app));
    }

    [TestMethod]
    [DataRow(false, DisplayName = "not required: a warning, the build goes on and signs")]
    [DataRow(true, DisplayName = "required: an error, the build fails unsigned")]
    public async Task A_broken_database_is_a_warning_unless_the_scan_is_required(bool required)
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), $"scan-broken-{required}".ToLowerInvariant());
        var broken = Path.Combine(app.Directory, "broken.sqlite");
        await File.WriteAllTextAsync(broken, "this is not a sqlite database");

        var result = await PublishAsync(app, $"it/scan-broken-{required}".ToLowerInvariant(), "-p:ScScanFailOn=high", $"-p:ScScanRequired={required}", $"-p:ScVulnerabilityDatabase={broken}");

        Assert.AreEqual(required, result.ExitCode != 0, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, (required ? "error" : "warning") + " SCSEC4085: The builtin scanner did not scan");
        Assert.AreEqual(required ? 0 : 1, await SignatureCountAsync(app), "a required scan stops before signing; a fail-open one does not");
    }

    [TestMethod]
    public async Task A_stale_sbom_of_another_digest_is_never_scanned_the_gate_judges_this_images_own_packages_and_no_evidence_of_another_digest_remains()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "scan-stale");
        const string other = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
        Directory.CreateDirectory(app.SecurityFolder());
        await File.WriteAllTextAsync(Path.Combine(app.SecurityFolder(), "sbom.cdx.json"),
            $$$"""{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"container","name":"it/scan-stale","version":"{{{other}}}"}},"components":[{"type":"library","name":"Stale.Package","version":"1.0.0","purl":"pkg:nuget/Stale.Package@1.0.0"}]}""");
        await File.WriteAllTextAsync(Path.Combine(app.SecurityFolder(), SecurityArtifactLayout.SignatureRecordFileName), $$"""{"subjects":["{{Host}}/it/scan-stale@{{other}}"]}""");
        await File.WriteAllTextAsync(Path.Combine(app.SecurityFolder(), "sbom.linux-arm64.cdx.json"), "{}");

        var result = await PublishAsync(app, "it/scan-stale", "-p:ScSbomEnabled=false", "-p:ScScanFailOn=critical");

        Assert.AreNotEqual(0, result.ExitCode, "the image's own critical libssl3 finding fails the gate");
        StringAssert.Contains(result.StandardOutput, "error SCSEC4081: libssl3 3.0.22-1~deb12u2 has a critical vulnerability, CVE-2099-0001");
        var report = await SimpleContainer.Security.Scanning.Reports.ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        Assert.AreNotEqual(other, record.Digest);
        Assert.AreEqual(record.Digest, report.Digest, "the report is this image's");
        Assert.IsFalse(result.StandardOutput.Contains("Stale.Package", StringComparison.Ordinal), "the stale SBOM was never read");
        foreach (var file in Directory.EnumerateFiles(app.SecurityFolder()))
        {
            Assert.IsFalse((await File.ReadAllTextAsync(file)).Contains(other, StringComparison.Ordinal), $"{Path.GetFileName(file)} names another digest");
        }

        CollectionAssert.AreEquivalent(new[] { "image.json", "scan.json", "scan.sarif", "scan.md" }, Directory.EnumerateFiles(app.SecurityFolder()).Select(Path.GetFileName).ToArray(), "only this run's evidence");
    }

    [TestMethod]
    public async Task Sc_stack_scan_scans_every_recorded_publish_and_writes_the_reports_beside_it()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "scan-stack", [new("Newtonsoft.Json", "12.0.1")]);
        var publish = await DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/scan-stack", "-p:ScSbomEnabled=true"],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        Assert.IsFalse(File.Exists(Path.Combine(app.SecurityFolder(), "scan.json")), "the publish did not scan");

        var (code, output, error) = await Sc.RunAsync("stack", "scan", "--root", app.Directory, "--database", database!, "--fail-on", "critical");

        Assert.AreEqual(1, code, output + error);
        StringAssert.Contains(output, "FAILED " + Host + "/it/scan-stack@sha256:");
        StringAssert.Contains(error, "error SCSEC4081: libssl3");
        StringAssert.Contains(error, "warning SCSEC4082: Newtonsoft.Json 12.0.1 has a high vulnerability");
        Assert.IsTrue(File.Exists(Path.Combine(app.SecurityFolder(), "scan.sarif")));
    }

    /// <summary>The distinct "package version has a severity vulnerability, id" parts of the SCSEC4081 messages (MSBuild repeats errors in its summary).</summary>
    private static string[] Violations(string log, string level) =>
        ViolationPattern().Matches(log).Where(m => m.Groups["level"].Value == level).Select(m => m.Groups["text"].Value).Distinct(StringComparer.Ordinal).ToArray();

    [GeneratedRegex("(?<level>error|warning) SCSEC4081: (?<text>[^;(]+?)(?: \\(|;)")]
    private static partial Regex ViolationPattern();

    private static async Task<int> SignatureCountAsync(SampleApp app)
    {
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var client = AssemblySetup.Registries.CreatePlainClient();
        return (await new CosignTagLayout(client).ReadAsync(ImageReference.Parse(record.Reference!), default)).Count;
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string repository, params string[] properties)
    {
        var arguments = new List<string>
        {
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository={repository}",
            "-p:ScSbomEnabled=true", "-p:ScScanEnabled=true", $"-p:ScVulnerabilityDatabase={database}",
            "-p:ScSigningEnabled=true", $"-p:ScSigningKey={keyPath}",

            // These tests judge the image pushed (the gate after the push); PrePushGateTests judge it before.
            "-p:ScScanBeforePush=false",
        };
        arguments.AddRange(properties);
        return DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host, ["COSIGN_PASSWORD"] = Password });
    }
}
