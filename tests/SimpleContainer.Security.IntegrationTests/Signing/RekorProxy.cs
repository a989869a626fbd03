using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>A Rekor in front of the private Sigstore's that answers uploads with 409 Conflict, honestly or not.</summary>
internal sealed class RekorProxy : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private LoopbackWebServer? _server;

    private RekorProxy(Uri upstream, Mode mode)
    {
        Upstream = upstream;
        Behaviour = mode;
    }

    public enum Mode
    {
        /// <summary>Forwards the upload, then answers 409 with the Location of the entry it made (a lost answer, retried).</summary>
        ConflictAfterForwarding,

        /// <summary>Forwards the first upload; answers every later one with 409 pointing at that first entry (a replay).</summary>
        ConflictToFirstEntry,
    }

    public Uri Upstream { get; }

    public Mode Behaviour { get; }

    public Uri BaseUri => _server!.BaseUri;

    public string? LoggedUuid { get; private set; }

    public int Conflicts { get; private set; }

    public static async Task<RekorProxy> StartAsync(Uri upstream, Mode mode)
    {
        var proxy = new RekorProxy(upstream, mode);
        proxy._server = await LoopbackWebServer.StartAsync(app => app.Run(proxy.HandleAsync));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        if (context.Request.Method == "POST" && path == "api/v1/log/entries")
        {
            if (Behaviour == Mode.ConflictToFirstEntry && LoggedUuid is not null)
            {
                await ConflictAsync(context);
                return;
            }

            using var body = new StreamContent(context.Request.Body);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var forwarded = await _http.PostAsync(new Uri(Upstream, path), body);
            var answer = await forwarded.Content.ReadAsStringAsync();
            LoggedUuid = JsonNode.Parse(answer)!.AsObject().First().Key;
            if (Behaviour == Mode.ConflictAfterForwarding)
            {
                await ConflictAsync(context);
                return;
            }

            context.Response.StatusCode = (int)forwarded.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
            return;
        }

        using var get = await _http.GetAsync(new Uri(Upstream, path));
        context.Response.StatusCode = (int)get.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(await get.Content.ReadAsStringAsync());
    }

    private async Task ConflictAsync(HttpContext context)
    {
        Conflicts++;
        context.Response.StatusCode = 409;
        context.Response.Headers.Location = "/api/v1/log/entries/" + LoggedUuid;
        await context.Response.WriteAsJsonAsync(new { code = 409, message = "an equivalent entry already exists in the transparency log with UUID " + LoggedUuid });
    }
}
