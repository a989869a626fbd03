using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Database;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

[TestClass]
public sealed class OsvHttpImportTests : DatabaseFolderTest
{
    private static readonly VulnerabilityFeedOptions NoWait = new() { RetryBaseDelay = TimeSpan.Zero, MaxAttempts = 3 };

    [TestMethod]
    public async Task A_second_update_sends_the_stored_ETag_and_Last_Modified_and_a_304_changes_nothing()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/NuGet/all.zip", Zip([("GHSA-5crp-9r3c-p9vr.json", GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-01-01T00:00:00Z"))]), etag: "\"v1\"");
        var source = VulnerabilitySource.Osv(server.Url("/NuGet/all.zip").ToString(), "osv-nuget");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait);

        var first = await updater.UpdateAsync(source, CancellationToken.None);
        var bytesAfterFirst = await File.ReadAllBytesAsync(Database);
        var second = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.IsTrue(first.Succeeded, first.Failure?.Message);
        Assert.AreEqual((1, false), (first.Added, first.NotModified));
        Assert.IsTrue(second.NotModified);
        Assert.AreEqual((0, 0, 0, 1L), (second.Added, second.Updated, second.Unchanged, second.RecordCount));
        var requests = server.Requests.ToArray();
        Assert.AreEqual(2, requests.Length);
        Assert.AreEqual(string.Empty, requests[0].IfNoneMatch);
        Assert.AreEqual("\"v1\"", requests[1].IfNoneMatch);
        Assert.AreEqual("Fri, 20 Nov 2026 06:00:00 GMT", requests[1].IfModifiedSince);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var status = await database.GetStatusAsync(CancellationToken.None);
        Assert.AreEqual("\"v1\"", status.Sources.Single().ETag);
        Assert.AreEqual(1, (await database.FindAsync([new AdvisoryKey("NuGet", "newtonsoft.json")], CancellationToken.None)).Count);
        Assert.AreEqual(bytesAfterFirst.Length, new FileInfo(Database).Length);
    }

    [TestMethod]
    public async Task A_changed_ETag_downloads_again_and_updates_the_record()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/all.zip", Zip([("a.json", GhsaRecord("GHSA-1111-2222-3333", "Serilog", "2024-01-01T00:00:00Z"))]), etag: "\"v1\"");
        var source = VulnerabilitySource.Osv(server.Url("/all.zip").ToString());
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait);
        await updater.UpdateAsync(source, CancellationToken.None);
        server.Serve("/all.zip", Zip([("a.json", GhsaRecord("GHSA-1111-2222-3333", "Serilog", "2024-02-01T00:00:00Z")), ("b.json", GhsaRecord("GHSA-4444-5555-6666", "Serilog", "2024-02-01T00:00:00Z"))]), etag: "\"v2\"");

        var second = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.AreEqual((1, 1, false), (second.Added, second.Updated, second.NotModified));
        Assert.AreEqual("\"v1\"", server.Requests.Last().IfNoneMatch);
    }

    [TestMethod]
    public async Task Transient_errors_are_retried_and_a_persistent_one_is_a_coded_failure()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/flaky.json", System.Text.Encoding.UTF8.GetBytes(GhsaRecord("GHSA-1111-2222-3333", "Serilog", "2024-01-01T00:00:00Z")), failuresFirst: 2, failureStatus: 429);
        server.Serve("/down.json", [], failuresFirst: 100, failureStatus: 502);
        server.Serve("/forbidden.json", [], failuresFirst: 100, failureStatus: 403);
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait);

        var flaky = await updater.UpdateAsync(VulnerabilitySource.Osv(server.Url("/flaky.json").ToString()), CancellationToken.None);
        var down = await updater.UpdateAsync(VulnerabilitySource.Osv(server.Url("/down.json").ToString()), CancellationToken.None);
        var forbidden = await updater.UpdateAsync(VulnerabilitySource.Osv(server.Url("/forbidden.json").ToString()), CancellationToken.None);

        Assert.AreEqual(1, flaky.Added);
        Assert.AreEqual(3, server.CountOf("/flaky.json"));
        Assert.AreEqual("SCSEC4028", down.Failure!.Code);
        StringAssert.Contains(down.Failure.Message, "after 3 attempt(s): HTTP 502");
        Assert.AreEqual(3, server.CountOf("/down.json"));
        Assert.AreEqual("SCSEC4028", forbidden.Failure!.Code);
        Assert.AreEqual(1, server.CountOf("/forbidden.json"), "a 403 is not retried");
    }

    [TestMethod]
    public async Task A_server_that_does_not_answer_times_out_per_attempt_and_is_a_coded_failure()
    {
        await using var server = await FeedServer.StartAsync();
        server.Hang("/silent.zip");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait with { Timeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 2 });

        var result = await updater.UpdateAsync(VulnerabilitySource.Osv(server.Url("/silent.zip").ToString()), CancellationToken.None);

        Assert.AreEqual("SCSEC4028", result.Failure!.Code);
        StringAssert.Contains(result.Failure.Message, "after 2 attempt(s): no answer within 0.2 s");
        Assert.AreEqual(2, server.CountOf("/silent.zip"));
    }

    [TestMethod]
    public async Task A_response_over_the_size_cap_is_refused()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/big.zip", new byte[64 * 1024]);
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait with { MaxResponseBytes = 1024 });

        var result = await updater.UpdateAsync(VulnerabilitySource.Osv(server.Url("/big.zip").ToString()), CancellationToken.None);

        Assert.AreEqual("SCSEC4029", result.Failure!.Code);
    }

    [TestMethod]
    public async Task Plain_http_is_refused_for_other_hosts_unless_allowed_and_credentials_never_reach_the_message()
    {
        var updater = new VulnerabilityDatabaseUpdater(Database, Http, NoWait);

        var refused = await updater.UpdateAsync(VulnerabilitySource.Osv("http://user:s3cret@vulns.example.invalid/all.zip?sig=token"), CancellationToken.None);
        var allowed = await updater.UpdateAsync(VulnerabilitySource.Osv("http://vulns.example.invalid/all.zip") with { AllowInsecure = true }, CancellationToken.None);

        Assert.AreEqual("SCSEC4027", refused.Failure!.Code);
        Assert.IsFalse(refused.Failure.Message.Contains("s3cret", StringComparison.Ordinal));
        Assert.IsFalse(refused.Failure.Message.Contains("token", StringComparison.Ordinal));
        StringAssert.Contains(refused.Failure.Message, "http://vulns.example.invalid/all.zip?…");
        Assert.AreEqual("SCSEC4028", allowed.Failure!.Code, "allowed, it is attempted (and this host does not resolve)");
    }
}
