using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.TestSupport.Scanning;

/// <summary>
/// A NuGet V3 audit source on 127.0.0.1, as NuGetAudit reads it (https://learn.microsoft.com/nuget/api/vulnerability-info):
/// a service index whose only resource is <c>VulnerabilityInfo/6.7.0</c>, a vulnerability index with one page
/// (<c>base</c>), and that page, a map of lowercase package id to <c>[{url, severity 0-3, versions}]</c>. The page is
/// served with an ETag and answers 304 to a matching If-None-Match. Records every request (method, path, If-None-Match).
/// </summary>
public sealed class NuGetAuditSource : IAsyncDisposable
{
    private readonly LoopbackWebServer _server;

    private NuGetAuditSource(LoopbackWebServer server) => _server = server;

    public Uri ServiceIndex => new(_server.BaseUri, "v3/index.json");

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The page served now; change it to publish new advisories (the ETag follows its content).</summary>
    public string PageJson { get; set; } = "{}";

    public static async Task<NuGetAuditSource> StartAsync(string pageJson)
    {
        NuGetAuditSource? self = null;
        var server = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapGet("/v3/index.json", (HttpContext context) => self!.Serve(context, $$"""{"version":"3.0.0","resources":[{"@id":"{{self!._server.BaseUri}}v3/vulnerabilities/index.json","@type":"VulnerabilityInfo/6.7.0"}]}"""));
            app.MapGet("/v3/vulnerabilities/index.json", (HttpContext context) => self!.Serve(context, $$"""[{"@name":"base","@id":"{{self!._server.BaseUri}}v3/vulnerabilities/base.json","@updated":"2026-11-01T00:00:00Z","comment":"test advisories"}]"""));
            app.MapGet("/v3/vulnerabilities/base.json", (HttpContext context) => self!.Serve(context, self!.PageJson, etag: true));
        });
        self = new NuGetAuditSource(server) { PageJson = pageJson };
        return self;
    }

    private IResult Serve(HttpContext context, string json, bool etag = false)
    {
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{(ifNoneMatch.Length > 0 ? " If-None-Match: " + ifNoneMatch : string.Empty)}");
        if (etag)
        {
            var tag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)))[..16]}\"";
            context.Response.Headers.ETag = tag;
            if (ifNoneMatch == tag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        return Results.Text(json, "application/json");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
