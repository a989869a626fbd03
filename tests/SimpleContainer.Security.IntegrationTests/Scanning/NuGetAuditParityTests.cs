using System.Text.Json;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Scanning;

namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// Our NuGet matching against NuGetAudit's, fed the same advisories: one loopback VulnerabilityInfo/6.7.0 source is
/// the project's audit source for `dotnet list package --vulnerable --include-transitive` and, found by `sc db update`
/// in the project's nuget.config, the source of our database; the publish's scan must report the same
/// (package, version, advisory, severity) set, direct and transitive packages alike.
/// </summary>
[TestClass]
public sealed class NuGetAuditParityTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Our_nuget_findings_equal_nuget_audits_for_direct_and_transitive_packages()
    {
        await using var source = await NuGetAuditSource.StartAsync(TestData.NuGetVulnerabilityPage);
        var feed = await AssemblySetup.FeedAsync();
        var app = SampleApp.Create(feed, "audit-parity", [new("Newtonsoft.Json", "12.0.1"), new("Polly", "8.5.2"), new("Serilog", "3.1.1"), new("YamlDotNet", "16.3.0")], source.ServiceIndex);

        var restore = await DotnetCli.RunAsync(app.Directory, ["restore", app.ProjectPath, "--force", "-p:NuGetAudit=true", "-p:NuGetAuditMode=all", "-p:NuGetAuditLevel=low"]);
        Assert.AreEqual(0, restore.ExitCode, restore.StandardOutput);
        var list = await DotnetCli.RunAsync(app.Directory, ["list", app.ProjectPath, "package", "--vulnerable", "--include-transitive", "--format", "json"]);
        Assert.AreEqual(0, list.ExitCode, list.StandardOutput + list.StandardError);
        var audit = NuGetAuditFindings(list.StandardOutput);
        Assert.HasCount(3, audit, "the fixture's advisories hit Newtonsoft.Json (top), Serilog (top) and Polly.Core (transitive): " + list.StandardOutput);

        var database = Path.Combine(app.Directory, "vulndb", "vulndb.sqlite");
        var update = await Sc.RunAsync("db", "update", "--project", app.Directory, "--database", database);
        Assert.AreEqual(0, update.Code, update.Output + update.Error);
        StringAssert.Contains(source.Requests.ToArray().Last(), "GET /v3/vulnerabilities/base.json", "the project's own audit source was read");

        var publish = await DotnetCli.RunAsync(app.Directory, [
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
            $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/audit-parity", "-p:ScSbomEnabled=true", "-p:ScScanEnabled=true", $"-p:ScVulnerabilityDatabase={database}"],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host });
        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        var report = await ScanJsonReader.ReadAsync(Path.Combine(app.SecurityFolder(), "scan.json"), default);
        var ours = report.Verdicts.Select(v => v.Finding).Where(f => f.Package.Ecosystem == PackageEcosystem.NuGet)
            .Select(f => $"{f.Package.Name.ToLowerInvariant()} {f.Package.Version} {f.Url} {f.Severity.ToWord()}").Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(audit, ours);
    }

    /// <summary>(id, resolved version, advisory url, severity) of every vulnerability `dotnet list package --vulnerable --format json` reports.</summary>
    private static string[] NuGetAuditFindings(string json)
    {
        using var document = JsonDocument.Parse(json);
        var found = new List<string>();
        foreach (var project in document.RootElement.GetProperty("projects").EnumerateArray())
        {
            foreach (var framework in project.TryGetProperty("frameworks", out var frameworks) ? frameworks.EnumerateArray() : default)
            {
                foreach (var kind in new[] { "topLevelPackages", "transitivePackages" })
                {
                    foreach (var package in framework.TryGetProperty(kind, out var packages) ? packages.EnumerateArray() : default)
                    {
                        foreach (var vulnerability in package.TryGetProperty("vulnerabilities", out var vulnerabilities) ? vulnerabilities.EnumerateArray() : default)
                        {
                            var severity = Severities.TryParse(vulnerability.GetProperty("severity").GetString())!.Value.ToWord();
                            found.Add($"{package.GetProperty("id").GetString()!.ToLowerInvariant()} {package.GetProperty("resolvedVersion").GetString()} {vulnerability.GetProperty("advisoryurl").GetString()} {severity}");
                        }
                    }
                }
            }
        }

        return found.Order(StringComparer.Ordinal).ToArray();
    }
}
