using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.Tests.Scanning.DefectDojo;

/// <summary>
/// A loopback stand-in for DefectDojo's API v2 (DefectDojo cannot run here), answering in its wire format:
/// list endpoints paginate as <c>{"count","next","previous","results"}</c> (DRF LimitOffsetPagination, the API's
/// default); <c>import-scan/</c> and <c>reimport-scan/</c> answer 201 with the request's fields plus <c>test</c>,
/// <c>test_id</c>, <c>engagement_id</c>, <c>product_id</c>, <c>product_type_id</c> and <c>statistics</c>, as
/// DefectDojo/django-DefectDojo dojo/api_v2/serializers.py ImportScanSerializer / ReImportScanSerializer.process_scan
/// fill them; errors are DRF bodies (<c>{"detail":…}</c>, or field → messages). What it holds: one product "shop"
/// (id 3, product type 1) with engagement "ci" (id 7) whose test "SimpleContainer scan" is id 42.
/// </summary>
internal sealed class FakeDefectDojo : IAsyncDisposable
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef01234567";

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _scriptedStatuses = new();
    private LoopbackWebServer? _server;

    public Uri BaseUri => _server!.BaseUri;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Statuses the next import/reimport requests answer with before the normal answer (502 = nginx's gateway page).</summary>
    public void FailNextUploads(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _scriptedStatuses.Enqueue(status);
        }
    }

    public static async Task<FakeDefectDojo> StartAsync()
    {
        var fake = new FakeDefectDojo();
        fake._server = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapGet("/api/v2/products/", (Func<HttpContext, Task<IResult>>)(c => fake.List(c, c.Request.Query["name"] == "shop" ? """[{"id":3,"name":"shop","prod_type":1,"description":"Shop"}]""" : "[]")));
            app.MapGet("/api/v2/engagements/", (Func<HttpContext, Task<IResult>>)(c => fake.List(c, c.Request.Query["product"] == "3" && c.Request.Query["name"] == "ci" ? """[{"id":7,"name":"ci","product":3,"engagement_type":"CI/CD","status":"In Progress"}]""" : "[]")));
            app.MapGet("/api/v2/tests/", (Func<HttpContext, Task<IResult>>)(c => fake.List(c, c.Request.Query["engagement"] == "7" && c.Request.Query["title"] == "SimpleContainer scan" ? """[{"id":42,"title":"SimpleContainer scan","engagement":7,"test_type":55,"scan_type":"SARIF"}]""" : "[]")));
            app.MapPost("/api/v2/import-scan/", (Func<HttpContext, Task<IResult>>)(c => fake.Upload(c, reimport: false)));
            app.MapPost("/api/v2/reimport-scan/", (Func<HttpContext, Task<IResult>>)(c => fake.Upload(c, reimport: true)));
        });
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IResult> List(HttpContext context, string results)
    {
        if (await RecordAsync(context) is { } refused)
        {
            return refused;
        }

        var count = results == "[]" ? 0 : 1;
        return Results.Content($"{{\"count\":{count},\"next\":null,\"previous\":null,\"results\":{results},\"prefetch\":{{}}}}", "application/json");
    }

    private async Task<IResult> Upload(HttpContext context, bool reimport)
    {
        if (await RecordAsync(context) is { } refused)
        {
            return refused;
        }

        if (_scriptedStatuses.TryDequeue(out var status))
        {
            return status == 502
                ? Results.Content("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", "text/html", statusCode: 502)
                : Results.Content("""{"detail":"Request was throttled. Expected available in 1 second."}""", "application/json", statusCode: status);
        }

        var form = context.Request.Form;
        if (form["scan_type"] is var scanType && scanType != "SARIF" && scanType != "Anchore Grype" && scanType != "Trivy Scan")
        {
            return Results.Content($$"""{"scan_type":["\"{{scanType}}\" is not a valid choice."]}""", "application/json", statusCode: 400);
        }

        var (test, engagement, product) = reimport ? (42, 7, 3) : form["engagement"] == "7" ? (43, 7, 3) : (44, 8, 4);
        var statistics = """{"after":{"info":{"active":0,"verified":0,"duplicate":0,"false_p":0,"out_of_scope":0,"is_mitigated":0,"risk_accepted":0,"total":0},"total":{"active":2,"verified":0,"duplicate":0,"false_p":0,"out_of_scope":0,"is_mitigated":0,"risk_accepted":0,"total":2}}}""";
        var body = $$"""{"scan_date":null,"minimum_severity":"{{form["minimum_severity"].FirstOrDefault() ?? "Info"}}","active":{{form["active"]}},"verified":{{form["verified"]}},"scan_type":"{{scanType}}","test_title":"{{form["test_title"]}}","engagement":{{engagement}},"close_old_findings":{{form["close_old_findings"].FirstOrDefault() ?? (reimport ? "true" : "false")}},"test":{{test}},"test_id":{{test}},"engagement_id":{{engagement}},"product_id":{{product}},"product_type_id":1,"statistics":{{statistics}},"pro":[]}""";
        return Results.Content(body, "application/json", statusCode: 201);
    }

    private async Task<IResult?> RecordAsync(HttpContext context)
    {
        var request = context.Request;
        Dictionary<string, string> fields = [];
        string? fileName = null;
        byte[]? file = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            if (form.Files.GetFile("file") is { } upload)
            {
                fileName = upload.FileName;
                using var stream = new MemoryStream();
                await upload.CopyToAsync(stream);
                file = stream.ToArray();
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.QueryString.Value ?? string.Empty, authorization, request.ContentType, fields, fileName, file));
        return authorization == "Token " + ApiKey ? null : Results.Content("""{"detail":"Invalid token."}""", "application/json", statusCode: 401);
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string? ContentType, IReadOnlyDictionary<string, string> Fields, string? FileName, byte[]? File);
