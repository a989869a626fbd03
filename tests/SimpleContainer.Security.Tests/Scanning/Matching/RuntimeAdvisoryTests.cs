using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Matching;
using SimpleContainer.Security.Scanning.Osv;
using SimpleContainer.Security.Scanning.Targets;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

/// <summary>
/// The .NET runtime in the image is a NuGet package to the matcher: the shared framework's deps.json in a runtime base
/// image gives <c>Microsoft.NETCore.App.Runtime.&lt;rid&gt;</c>, which GitHub's advisories name, so an old runtime is caught.
/// </summary>
[TestClass]
public sealed class RuntimeAdvisoryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_runtime_of_a_dotnet_runtime_base_image_gets_the_advisory_for_its_runtime_pack_version()
    {
        var sbom = await Generator().GenerateAsync(Subject, Layers(FixtureImages.DebianLayer(), FixtureImages.DotnetRuntimeLayer()), cancellationToken: TestContext.CancellationToken);
        var target = ScanTargets.FromDocument(sbom.Document, null);
        var runtime = target.Packages.Single(p => p.Name.StartsWith("Microsoft.NETCore.App", StringComparison.Ordinal));

        var result = await new BuiltinScanner(new InMemoryAdvisoryIndex(RuntimeAdvisory("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.13"), RuntimeAdvisory("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12", "GHSA-fixd-fixd-fixd")))
            .ScanAsync(new ScanRequest { Target = target }, TestContext.CancellationToken);

        Assert.AreEqual("Microsoft.NETCore.App.Runtime.linux-x64", runtime.Name);
        Assert.AreEqual(TestData.NetCoreAppVersion, runtime.Version);
        var finding = result.Findings.Single(f => f.Package.Name == runtime.Name);
        Assert.AreEqual("CVE-2026-0001", finding.VulnerabilityId);
        Assert.AreEqual(Severity.High, finding.Severity);
        Assert.AreEqual("10.0.13", finding.FixedVersion);
    }

    [TestMethod]
    public async Task A_runtime_named_without_its_rid_is_matched_against_the_linux_runtime_packs_advisories()
    {
        ScanPackage[] packages =
        [
            new() { Ecosystem = PackageEcosystem.NuGet, Name = "Microsoft.AspNetCore.App", Version = "10.0.12" },
            new() { Ecosystem = PackageEcosystem.NuGet, Name = "Microsoft.NETCore.App", Version = "10.0.13" },
        ];

        var result = await new BuiltinScanner(new InMemoryAdvisoryIndex(RuntimeAdvisory("Microsoft.AspNetCore.App.Runtime.linux-musl-arm64", "10.0.13"), RuntimeAdvisory("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.13")))
            .ScanAsync(new ScanRequest { Target = new ScanTarget { Name = "app", Packages = packages } }, TestContext.CancellationToken);

        Assert.AreEqual("Microsoft.AspNetCore.App", result.Findings.Single().Package.Name, "10.0.13 of Microsoft.NETCore.App is fixed");
    }

    private static OsvRecord RuntimeAdvisory(string pack, string fixedIn, string id = "GHSA-rtrt-rtrt-rtrt") => Advisories.Parse($$$"""
        {"id": "{{{id}}}", "aliases": ["CVE-2026-0001"], "summary": ".NET Denial of Service Vulnerability",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
         "affected": [{"package": {"ecosystem": "NuGet", "name": "{{{pack}}}"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "10.0.0"}, {"fixed": "{{{fixedIn}}}"}]}]}],
         "database_specific": {"severity": "HIGH"}}
        """);
}
