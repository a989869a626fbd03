using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.Tests.Scanning.DefectDojo;

/// <summary>The DefectDojo client against a loopback server that speaks DefectDojo's API v2 wire format (FakeDefectDojo).</summary>
[TestClass]
public sealed class DefectDojoClientTests
{
    private static readonly byte[] Sarif = """{"version":"2.1.0","runs":[]}"""u8.ToArray();

    [TestMethod]
    public async Task With_an_engagement_id_and_no_such_test_it_imports_a_new_test_with_every_documented_field()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();
        var report = WriteReport();

        var result = await new DefectDojoClient(http).UploadAsync(report, DefectDojoScanTypes.Sarif, Options(dojo) with { EngagementId = 7, TestTitle = "Nightly", MinimumSeverity = "Medium", Verified = true, CloseOldFindings = true }, CancellationToken.None);

        Assert.AreEqual(new DefectDojoUploadResult(false, 43, 7, 3, 1), result);
        var requests = dojo.Requests;
        Assert.HasCount(2, requests);
        Assert.AreEqual("GET /api/v2/tests/ ?engagement=7&title=Nightly&limit=100", $"{requests[0].Method} {requests[0].Path} {requests[0].Query}");
        var upload = requests[1];
        Assert.AreEqual("POST /api/v2/import-scan/", $"{upload.Method} {upload.Path}");
        StringAssert.StartsWith(upload.ContentType, "multipart/form-data; boundary=");
        Assert.AreEqual("Token " + FakeDefectDojo.ApiKey, upload.Authorization);
        CollectionAssert.AreEquivalent(
            new Dictionary<string, string>
            {
                ["scan_type"] = "SARIF",
                ["test_title"] = "Nightly",
                ["active"] = "true",
                ["verified"] = "true",
                ["close_old_findings"] = "true",
                ["minimum_severity"] = "Medium",
                ["engagement"] = "7",
            },
            upload.Fields.ToDictionary());
        Assert.AreEqual("scan.sarif", upload.FileName);
        CollectionAssert.AreEqual(Sarif, upload.File);
        Assert.IsTrue(requests.All(r => r.Authorization == "Token " + FakeDefectDojo.ApiKey));
    }

    [TestMethod]
    public async Task When_the_test_exists_it_reimports_into_it_found_by_product_engagement_and_title()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();

        var result = await new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, Options(dojo) with { ProductName = "shop", EngagementName = "ci", TestTitle = "SimpleContainer scan" }, CancellationToken.None);

        Assert.AreEqual(new DefectDojoUploadResult(true, 42, 7, 3, 1), result);
        CollectionAssert.AreEqual(
            new[]
            {
                "GET /api/v2/products/?name=shop&limit=100",
                "GET /api/v2/engagements/?product=3&name=ci&limit=100",
                "GET /api/v2/tests/?engagement=7&title=SimpleContainer%20scan&limit=100",
                "POST /api/v2/reimport-scan/",
            },
            dojo.Requests.Select(r => $"{r.Method} {r.Path}{r.Query}").ToArray());
        var upload = dojo.Requests[^1];
        Assert.AreEqual("42", upload.Fields["test"]);
        Assert.IsFalse(upload.Fields.ContainsKey("product_name") || upload.Fields.ContainsKey("engagement") || upload.Fields.ContainsKey("auto_create_context"));
        Assert.AreEqual("true", upload.Fields["close_old_findings"], "always sent explicitly; a re-import closes what the new report no longer has");
    }

    [TestMethod]
    public async Task A_test_of_another_scan_type_with_the_same_title_is_not_reimported_into()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();

        var result = await new DefectDojoClient(http).UploadAsync(WriteReport("trivy.json"), DefectDojoScanTypes.Trivy, Options(dojo) with { EngagementId = 7, TestTitle = "SimpleContainer scan", CloseOldFindings = false }, CancellationToken.None);

        Assert.IsFalse(result.Reimported);
        var upload = dojo.Requests[^1];
        Assert.AreEqual("/api/v2/import-scan/", upload.Path);
        Assert.AreEqual("Trivy Scan", upload.Fields["scan_type"]);
        Assert.AreEqual("false", upload.Fields["close_old_findings"]);
    }

    [TestMethod]
    public async Task For_a_new_product_it_imports_with_names_and_auto_create_context()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();

        var result = await new DefectDojoClient(http).UploadAsync(WriteReport("grype.json"), DefectDojoScanTypes.AnchoreGrype, Options(dojo) with { ProductName = "billing", EngagementName = "ci", ProductTypeName = "Web" }, CancellationToken.None);

        Assert.AreEqual(new DefectDojoUploadResult(false, 44, 8, 4, 1), result);
        Assert.AreEqual(2, dojo.Requests.Count, "the product lookup found nothing, so no engagement or test lookups");
        var upload = dojo.Requests[^1];
        Assert.AreEqual("/api/v2/import-scan/", upload.Path);
        Assert.AreEqual("Anchore Grype", upload.Fields["scan_type"]);
        Assert.AreEqual("Anchore Grype", upload.Fields["test_title"], "the title defaults to the scan type");
        Assert.AreEqual("billing", upload.Fields["product_name"]);
        Assert.AreEqual("ci", upload.Fields["engagement_name"]);
        Assert.AreEqual("Web", upload.Fields["product_type_name"]);
        Assert.AreEqual("true", upload.Fields["auto_create_context"]);
        Assert.IsFalse(upload.Fields.ContainsKey("minimum_severity"));
        Assert.AreEqual("grype.json", upload.FileName);
    }

    [TestMethod]
    public async Task A_502_from_the_gateway_is_retried_and_the_upload_goes_through()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        dojo.FailNextUploads(502, 429);
        using var http = new HttpClient();

        var result = await new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, Options(dojo) with { EngagementId = 7 }, CancellationToken.None);

        Assert.AreEqual(43, result.TestId);
        var uploads = dojo.Requests.Where(r => r.Path == "/api/v2/import-scan/").ToList();
        Assert.HasCount(3, uploads);
        Assert.IsTrue(uploads.All(u => u.File is not null && u.File.SequenceEqual(Sarif)), "every attempt sends the whole file again");
    }

    [TestMethod]
    public async Task A_server_that_stays_unavailable_is_a_coded_error_after_the_last_attempt()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        dojo.FailNextUploads(503, 503, 503);
        using var http = new HttpClient();

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, Options(dojo) with { EngagementId = 7, MaxAttempts = 3 }, CancellationToken.None));

        Assert.AreEqual("SCSEC4073", error.Code);
        StringAssert.Contains(error.Message, "POST api/v2/import-scan/ after 3 attempts: HTTP 503: Request was throttled.");
        Assert.AreEqual(3, dojo.Requests.Count(r => r.Path == "/api/v2/import-scan/"));
    }

    [TestMethod]
    public async Task Transport_errors_are_retried_then_reported_without_the_key()
    {
        using var http = new HttpClient();
        var options = new DefectDojoUploadOptions { BaseUri = new Uri($"http://127.0.0.1:{FreePort.Next()}/"), ApiKey = FakeDefectDojo.ApiKey, EngagementId = 7, MaxAttempts = 2, RetryDelay = TimeSpan.Zero };

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, options, CancellationToken.None));

        Assert.AreEqual("SCSEC4073", error.Code);
        StringAssert.Contains(error.Message, "GET api/v2/tests/ after 2 attempts");
        Assert.IsFalse(error.ToString().Contains(FakeDefectDojo.ApiKey, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_400_is_not_retried_and_summarises_defectdojos_field_errors()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync(WriteReport(), "SARIF 2", Options(dojo) with { EngagementId = 7 }, CancellationToken.None));

        Assert.AreEqual("SCSEC4071", error.Code);
        StringAssert.Contains(error.Message, "answered HTTP 400 to POST api/v2/import-scan/: scan_type: \"SARIF 2\" is not a valid choice.");
        Assert.AreEqual(1, dojo.Requests.Count(r => r.Path == "/api/v2/import-scan/"));
    }

    [TestMethod]
    public async Task A_refused_key_is_a_coded_error_that_never_contains_the_key()
    {
        await using var dojo = await FakeDefectDojo.StartAsync();
        using var http = new HttpClient();
        const string wrongKey = "ffffffffffffffffffffffffffffffffffffffff";

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, Options(dojo) with { ApiKey = wrongKey, EngagementId = 7 }, CancellationToken.None));

        Assert.AreEqual("SCSEC4072", error.Code);
        StringAssert.Contains(error.Message, "(HTTP 401) for GET api/v2/tests/");
        Assert.IsFalse(error.ToString().Contains(wrongKey, StringComparison.Ordinal));
        Assert.HasCount(1, dojo.Requests);
    }

    [TestMethod]
    public async Task Missing_engagement_or_report_are_coded_errors_before_any_request()
    {
        using var http = new HttpClient();
        var options = new DefectDojoUploadOptions { BaseUri = new Uri("http://127.0.0.1:1/"), ApiKey = "k", ProductName = "shop" };

        var context = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync(WriteReport(), DefectDojoScanTypes.Sarif, options, CancellationToken.None));
        var report = await Assert.ThrowsExactlyAsync<ScException>(() => new DefectDojoClient(http).UploadAsync("/nonexistent/scan.sarif", DefectDojoScanTypes.Sarif, options with { EngagementId = 1 }, CancellationToken.None));

        Assert.AreEqual("SCSEC4070", context.Code);
        Assert.AreEqual("SCSEC4075", report.Code);
    }

    private static DefectDojoUploadOptions Options(FakeDefectDojo dojo) =>
        new() { BaseUri = dojo.BaseUri, ApiKey = FakeDefectDojo.ApiKey, RetryDelay = TimeSpan.FromMilliseconds(10) };

    private static string WriteReport(string name = "scan.sarif")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sc-dojo-").FullName, name);
        File.WriteAllBytes(path, Sarif);
        return path;
    }
}
