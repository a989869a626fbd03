using System.Text.Json;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.Osv;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

/// <summary>
/// NuGet's VulnerabilityInfo/6.7.0 resource served the way /work/shared/peers/nuget-audit-server.cjs serves it: a
/// service index whose resource points at an index of pages (absolute <c>@id</c> URLs), and the pages themselves.
/// </summary>
[TestClass]
public sealed class NuGetImportTests : DatabaseFolderTest
{
    // /work/shared/peers/testdata/nuget-vulndb-fixture.json, verbatim.
    private const string Fixture = """
        {
          "newtonsoft.json": [
            { "url": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr", "severity": 2, "versions": "(, 13.0.1)" }
          ],
          "polly.core": [
            { "url": "https://example.invalid/advisories/PEERS-TEST-0001", "severity": 0, "versions": "[8.5.2]" }
          ],
          "serilog": [
            { "url": "https://example.invalid/advisories/PEERS-TEST-0002", "severity": 3, "versions": "[2.0.0, 3.1.1]" }
          ],
          "yamldotnet": [
            { "url": "https://example.invalid/advisories/PEERS-TEST-0003", "severity": 1, "versions": "(, 16.0.0)" }
          ]
        }
        """;

    [TestMethod]
    public async Task The_peers_fixture_becomes_osv_records_found_by_case_insensitive_package_id()
    {
        await using var server = await StartNuGetServerAsync(("base", Fixture, "2026-11-20T06:00:00.000Z"));

        var result = await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.NuGet(server.Url("/v3/index.json").ToString(), "local-audit"), CancellationToken.None);

        Assert.IsTrue(result.Succeeded, result.Failure?.Message);
        Assert.AreEqual(4, result.Added);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "Newtonsoft.Json"), new AdvisoryKey("NuGet", "Serilog"), new AdvisoryKey("NuGet", "YamlDotNet"), new AdvisoryKey("NuGet", "POLLY.CORE")], CancellationToken.None);
        Assert.AreEqual(4, found.Count);

        var ghsa = found[new AdvisoryKey("NuGet", "newtonsoft.json")].Single();
        Assert.AreEqual("GHSA-5crp-9r3c-p9vr", ghsa.Id);
        Assert.AreEqual("HIGH", ghsa.DatabaseSpecific!.Severity);
        Assert.AreEqual(Severity.High, Severities.TryParse(ghsa.DatabaseSpecific!.Severity));
        var affected = ghsa.Affected!.Single();
        Assert.AreEqual("NuGet", affected.Package!.Ecosystem);
        Assert.AreEqual("newtonsoft.json", affected.Package.Name);
        Assert.AreEqual(OsvRangeTypes.NuGetInterval, affected.Ranges!.Single().Type);
        Assert.AreEqual("(, 13.0.1)", affected.Ranges!.Single().Interval);
        Assert.AreEqual("ADVISORY", ghsa.References!.Single().Type);
        Assert.AreEqual("https://github.com/advisories/GHSA-5crp-9r3c-p9vr", ghsa.References!.Single().Url);

        var serilog = found[new AdvisoryKey("NuGet", "serilog")].Single();
        StringAssert.Matches(serilog.Id, new System.Text.RegularExpressions.Regex("^NUGET-[0-9a-f]{12}$"));
        Assert.AreEqual("CRITICAL", serilog.DatabaseSpecific!.Severity);
        Assert.AreEqual("MODERATE", found[new AdvisoryKey("NuGet", "yamldotnet")].Single().DatabaseSpecific!.Severity);
        Assert.AreEqual("LOW", found[new AdvisoryKey("NuGet", "polly.core")].Single().DatabaseSpecific!.Severity);
    }

    [TestMethod]
    public async Task An_unchanged_page_is_not_downloaded_again_and_a_changed_page_replaces_its_records()
    {
        var pages = new List<(string Name, string Json, string Updated)>
        {
            ("base", Fixture, "2026-11-20T06:00:00.000Z"),
            ("update", """{"newtonsoft.json": [{"url": "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz", "severity": 1, "versions": "[13.0.1, 13.0.3)"}]}""", "2026-11-21T06:00:00.000Z"),
        };
        await using var server = await StartNuGetServerAsync([.. pages]);
        var source = VulnerabilitySource.NuGet(server.Url("/v3/index.json").ToString(), "local-audit");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);
        var first = await updater.UpdateAsync(source, CancellationToken.None);

        var unchanged = await updater.UpdateAsync(source, CancellationToken.None);
        Assert.AreEqual(1, server.CountOf("/v3/vulnerabilities/base.json"));
        Assert.AreEqual(1, server.CountOf("/v3/vulnerabilities/update.json"));

        // The base page drops yamldotnet and changes serilog's range; the update page disappears from the index.
        var changedBase = Fixture.Replace("\"[2.0.0, 3.1.1]\"", "\"[2.0.0, 3.1.2)\"", StringComparison.Ordinal);
        changedBase = changedBase[..changedBase.IndexOf(",\n  \"yamldotnet\"", StringComparison.Ordinal)] + "\n}";
        Publish(server, [("base", changedBase, "2026-11-22T06:00:00.000Z")]);
        var changed = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.AreEqual((5, 5L), (first.Added, first.RecordCount));
        Assert.IsTrue(unchanged.NotModified);
        Assert.AreEqual((0, 0, 0), (unchanged.Added, unchanged.Updated, unchanged.Removed));
        Assert.IsFalse(changed.NotModified);
        Assert.AreEqual((0, 1, 2, 2, 3L), (changed.Added, changed.Updated, changed.Unchanged, changed.Removed, changed.RecordCount));
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "newtonsoft.json"), new AdvisoryKey("NuGet", "yamldotnet"), new AdvisoryKey("NuGet", "serilog")], CancellationToken.None);
        Assert.AreEqual("GHSA-5crp-9r3c-p9vr", found[new AdvisoryKey("NuGet", "newtonsoft.json")].Single().Id);
        Assert.IsFalse(found.ContainsKey(new AdvisoryKey("NuGet", "yamldotnet")));
        Assert.AreEqual("[2.0.0, 3.1.2)", found[new AdvisoryKey("NuGet", "serilog")].Single().Affected![0].Ranges![0].Interval);
    }

    [TestMethod]
    public async Task One_advisory_for_several_packages_is_one_record_and_bad_entries_are_skipped_with_warnings()
    {
        await using var server = await StartNuGetServerAsync(("base", """
            {
              "system.text.encodings.web": [{"url": "https://github.com/advisories/GHSA-ghhp-997w-qr28", "severity": 3, "versions": "[4.0.0, 4.5.1)"}],
              "microsoft.aspnetcore.app": [{"url": "https://github.com/advisories/GHSA-ghhp-997w-qr28", "severity": 3, "versions": "[2.1.0, 2.1.22)"}],
              "bad.range": [{"url": "https://example.invalid/x", "severity": 1, "versions": "not a range"}],
              "no.url": [{"severity": 1, "versions": "(, 1.0.0)"}],
              "not.array": {"url": "https://example.invalid/y"}
            }
            """, "2026-11-20T06:00:00Z"));

        var result = await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.NuGet(server.Url("/v3/index.json").ToString(), "src"), CancellationToken.None);

        Assert.AreEqual((1, 3), (result.Added, result.Skipped));
        Assert.IsTrue(result.Warnings.All(w => w.Code == "SCSEC4033"));
        CollectionAssert.AreEquivalent(new[] { "bad.range", "no.url", "not.array" }, result.Warnings.Select(w => w.Args[2]).ToArray());
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "System.Text.Encodings.Web"), new AdvisoryKey("NuGet", "Microsoft.AspNetCore.App")], CancellationToken.None);
        Assert.AreEqual(2, found.Count);
        Assert.AreSame(found.Values.First().Single(), found.Values.Last().Single(), "a record affecting both keys is read once");
        Assert.AreEqual(2, found.Values.First().Single().Affected!.Count);
    }

    [TestMethod]
    public async Task A_source_without_the_vulnerability_resource_is_SCSEC4031_and_a_broken_index_SCSEC4030()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/v3/index.json", """{"version": "3.0.0", "resources": [{"@id": "https://example.invalid/query", "@type": "SearchQueryService"}]}""");
        server.Serve("/not-an-index.json", """{"version": "3.0.0"}""");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);

        var missing = await updater.UpdateAsync(VulnerabilitySource.NuGet(server.Url("/v3/index.json").ToString()), CancellationToken.None);
        var broken = await updater.UpdateAsync(VulnerabilitySource.NuGet(server.Url("/not-an-index.json").ToString()), CancellationToken.None);

        Assert.AreEqual("SCSEC4031", missing.Failure!.Code);
        StringAssert.Contains(missing.Failure.Message, "VulnerabilityInfo/6.7.0");
        Assert.AreEqual("SCSEC4030", broken.Failure!.Code);
    }

    [TestMethod]
    public async Task A_page_that_fails_keeps_the_previous_data_of_the_whole_source()
    {
        await using var server = await StartNuGetServerAsync(("base", Fixture, "2026-11-20T06:00:00Z"));
        var source = VulnerabilitySource.NuGet(server.Url("/v3/index.json").ToString(), "src");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, new VulnerabilityFeedOptions { RetryBaseDelay = TimeSpan.Zero, MaxAttempts = 1 });
        await updater.UpdateAsync(source, CancellationToken.None);
        Publish(server, [("base", "{}", "2026-11-21T06:00:00Z"), ("update", "[not json", "2026-11-21T06:00:00Z")]);

        var failed = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.AreEqual("SCSEC4032", failed.Failure!.Code);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        Assert.AreEqual(4, (await database.GetStatusAsync(CancellationToken.None)).TotalRecords);
        Assert.AreEqual(1, (await database.FindAsync([new AdvisoryKey("NuGet", "serilog")], CancellationToken.None)).Count);
    }

    private static async Task<FeedServer> StartNuGetServerAsync(params (string Name, string Json, string Updated)[] pages)
    {
        var server = await FeedServer.StartAsync();
        server.Serve("/v3/index.json", $$"""{"version": "3.0.0", "resources": [{"@id": "{{server.Url("/v3/vulnerabilities/index.json")}}", "@type": "VulnerabilityInfo/6.7.0"}]}""");
        Publish(server, pages);
        return server;
    }

    private static void Publish(FeedServer server, (string Name, string Json, string Updated)[] pages)
    {
        var index = pages.Select(p => new Dictionary<string, string>
        {
            ["@name"] = p.Name,
            ["@id"] = server.Url($"/v3/vulnerabilities/{p.Name}.json").ToString(),
            ["@updated"] = p.Updated,
            ["comment"] = "test feed",
        }).ToList();
        server.Serve("/v3/vulnerabilities/index.json", JsonSerializer.Serialize(index));
        foreach (var (name, json, _) in pages)
        {
            server.Serve($"/v3/vulnerabilities/{name}.json", json);
        }
    }
}
