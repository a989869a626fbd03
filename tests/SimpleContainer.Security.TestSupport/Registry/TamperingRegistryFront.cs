using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SimpleContainer.Security.TestSupport.Registry;

/// <summary>
/// A registry that lies about one thing: a reverse proxy in front of a real registry that passes every request through
/// (pushes included) but serves corrupted bytes for the simple-signing payloads of cosign's <c>sha256-….sig</c>
/// manifests, as a broken or hostile registry might. It learns those payloads from the signature manifests pushed
/// through it. Every other blob and manifest (the bundle layout's included) it stores and serves unchanged, so a test
/// can see what a signer does when exactly one layout does not verify when read back.
/// </summary>
public sealed class TamperingRegistryFront : IAsyncDisposable
{
    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Expect" };

    private readonly LoopbackWebServer _server;
    private readonly HttpClient _backend;
    private readonly ConcurrentDictionary<string, bool> _payloads;
    private int _corrupted;

    private TamperingRegistryFront(LoopbackWebServer server, HttpClient backend, ConcurrentDictionary<string, bool> payloads)
    {
        _server = server;
        _backend = backend;
        _payloads = payloads;
    }

    public string Host => $"{_server.BaseUri.Host}:{_server.BaseUri.Port}";

    /// <summary>How many payload downloads were served corrupted.</summary>
    public int CorruptedResponses => Volatile.Read(ref _corrupted);

    public static async Task<TamperingRegistryFront> StartAsync(Uri backend)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = backend };
        var payloads = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        TamperingRegistryFront? front = null;
        var server = await LoopbackWebServer.StartAsync(app => app.Run(context => front!.ProxyAsync(context)));
        front = new TamperingRegistryFront(server, http, payloads);
        return front;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _backend.Dispose();
    }

    private async Task ProxyAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        using var request = new HttpRequestMessage(new HttpMethod(method), path + context.Request.QueryString);
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsDelete(method))
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (HttpMethods.IsPut(method) && path.Contains("/manifests/", StringComparison.Ordinal) && path.EndsWith(".sig", StringComparison.Ordinal))
            {
                LearnPayloads(body.ToArray());
            }

            body.Position = 0;
            request.Content = new StreamContent(body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        // distribution builds upload Locations from the Host it was asked for: ask for ours, so uploads come back here.
        request.Headers.Host = context.Request.Host.Value;
        using var response = await _backend.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (HttpMethods.IsHead(method))
        {
            return;
        }

        var blob = path.Contains("/blobs/", StringComparison.Ordinal) ? path[(path.LastIndexOf('/') + 1)..] : null;
        if (!HttpMethods.IsGet(method) || !response.IsSuccessStatusCode || blob is null || !_payloads.ContainsKey(blob))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        bytes[bytes.Length / 2] ^= 0x20;
        Interlocked.Increment(ref _corrupted);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private void LearnPayloads(byte[] manifest)
    {
        foreach (var layer in JsonNode.Parse(manifest)?["layers"]?.AsArray() ?? [])
        {
            if (layer?["mediaType"]?.GetValue<string>() == SimpleSigningMediaType && layer["digest"]?.GetValue<string>() is { } digest)
            {
                _payloads[digest] = true;
            }
        }
    }
}
