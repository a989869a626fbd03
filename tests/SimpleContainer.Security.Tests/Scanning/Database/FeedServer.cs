using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.Tests.Scanning.Database;

/// <summary>
/// A loopback HTTP server for vulnerability data: each path serves bytes with an ETag and Last-Modified, answers 304
/// to a matching If-None-Match, can fail a number of times first, and records every request's conditional headers.
/// </summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FeedResource> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _hanging = new(StringComparer.Ordinal);
    private LoopbackWebServer _server = null!;

    public ConcurrentQueue<FeedRequest> Requests { get; } = new();

    public Uri BaseUri => _server.BaseUri;

    public static async Task<FeedServer> StartAsync()
    {
        var self = new FeedServer();
        self._server = await LoopbackWebServer.StartAsync(app => app.Run(self.HandleAsync));
        return self;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public void Serve(string path, byte[] content, string? etag = null, int failuresFirst = 0, int failureStatus = 503) =>
        _resources[path] = new FeedResource(content, etag, new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero), failuresFirst, failureStatus);

    public void Serve(string path, string json, string? etag = null) => Serve(path, System.Text.Encoding.UTF8.GetBytes(json), etag);

    /// <summary>The path never answers (until the client gives up and the request is aborted).</summary>
    public void Hang(string path) => _hanging[path] = true;

    public int CountOf(string path) => Requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        Requests.Enqueue(new FeedRequest(path, context.Request.Headers.IfNoneMatch.ToString(), context.Request.Headers.IfModifiedSince.ToString()));
        if (_hanging.ContainsKey(path))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as the test wants.
            }

            return;
        }

        if (!_resources.TryGetValue(path, out var resource))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (resource.FailuresLeft > 0)
        {
            resource.FailuresLeft--;
            context.Response.StatusCode = resource.FailureStatus;
            return;
        }

        if (resource.ETag is not null)
        {
            context.Response.Headers.ETag = resource.ETag;
            if (context.Request.Headers.IfNoneMatch.ToString() == resource.ETag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.Headers.LastModified = resource.LastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = path.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "application/json";
        context.Response.ContentLength = resource.Content.Length;
        await context.Response.Body.WriteAsync(resource.Content);
    }

    private sealed class FeedResource(byte[] content, string? etag, DateTimeOffset lastModified, int failuresFirst, int failureStatus)
    {
        public byte[] Content { get; } = content;

        public string? ETag { get; } = etag;

        public DateTimeOffset LastModified { get; } = lastModified;

        public int FailuresLeft { get; set; } = failuresFirst;

        public int FailureStatus { get; } = failureStatus;
    }
}

internal sealed record FeedRequest(string Path, string IfNoneMatch, string IfModifiedSince);
