using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.Tests.Scanning.Backends;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Cli;

/// <summary>
/// <c>sc image scan --tool-fail-on</c> end to end: the real grype backend runs a stand-in printing a recorded grype
/// report (medium findings, testdata/README.md), and the exit code follows grype's own threshold, not the global one.
/// </summary>
[TestClass]
public sealed class ImageScanToolThresholdTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_exit_code_follows_the_scanners_own_threshold_over_the_global_one()
    {
        using var grype = ScannerStandIn.Printing("grype", "grype-ghsa-test.json");
        var folder = Directory.CreateDirectory(Path.Combine(TestContext.TestRunDirectory!, Guid.NewGuid().ToString("N"))).FullName;
        var sbom = Path.Combine(folder, "sbom.cdx.json");
        await File.WriteAllBytesAsync(sbom, new CycloneDxJsonWriter().ToBytes((await Generator().GenerateAsync(Subject, Debian())).Document));

        var (passed, passedError) = await ScanAsync(grype, sbom, Path.Combine(folder, "high"), "--fail-on", "low", "--tool-fail-on", "grype=high");
        var (failed, failedError) = await ScanAsync(grype, sbom, Path.Combine(folder, "medium"), "--fail-on", "critical", "--tool-fail-on", "grype=medium");
        var (wrong, wrongError) = await ScanAsync(grype, sbom, Path.Combine(folder, "wrong"), "--tool-fail-on", "grype=hihg");

        Assert.AreEqual(ExitCodes.Ok, passed, passedError);
        StringAssert.Contains(passedError, "the failOn=low (grype: high) gate passed");
        Assert.AreEqual("high", (await ScanJsonReader.ReadAsync(Path.Combine(folder, "high", "scan.json"), default)).ToolFailOn["grype"]);
        Assert.AreEqual(ExitCodes.Failure, failed, failedError);
        StringAssert.Contains(failedError, "the failOn=critical (grype: medium) gate FAILED");
        Assert.AreEqual(ExitCodes.ConfigurationError, wrong, wrongError);
        StringAssert.Contains(wrongError, "SCSEC1100: 'grype=hihg' is not a valid value for --tool-fail-on. Allowed: scanner=severity pairs separated by ';'");
    }

    private static async Task<(int Code, string Error)> ScanAsync(ScannerStandIn grype, string sbom, string output, params string[] flags)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["image", "scan", "--sbom", sbom, "--tools", "grype", "--output-dir", output, .. flags];
        var code = await ScCommandLine.InvokeAsync(args, new CliContext(stdout, stderr, name => name == "SC_GRYPE_PATH" ? grype.ProgramPath : null, () => new RegistryClient(new RegistryClientOptions())));
        return (code, stderr.ToString());
    }
}
