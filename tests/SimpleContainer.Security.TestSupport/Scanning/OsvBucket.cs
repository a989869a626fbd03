using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.TestSupport.Scanning;

/// <summary>
/// OSV's bucket on 127.0.0.1: <c>/&lt;ecosystem&gt;/all.zip</c> for each ecosystem given, a zip of one JSON file per
/// record, served with an ETag (304 to a matching If-None-Match); any other path is 404. Records every request
/// (path, and whether the body was sent), so tests can show what was and was not downloaded.
/// </summary>
public sealed class OsvBucket : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _zips = new(StringComparer.Ordinal);
    private LoopbackWebServer _server = null!;

    public Uri BaseUri => _server.BaseUri;

    /// <summary>"GET /Debian:12/all.zip 200" per request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<OsvBucket> StartAsync(IReadOnlyDictionary<string, string[]> recordsByEcosystem)
    {
        ArgumentNullException.ThrowIfNull(recordsByEcosystem);
        var self = new OsvBucket();
        foreach (var (ecosystem, records) in recordsByEcosystem)
        {
            self._zips[$"/{ecosystem}/all.zip"] = Zip(records);
        }

        self._server = await LoopbackWebServer.StartAsync(app => app.Run(self.HandleAsync));
        return self;
    }

    /// <summary>When set, every download (a 200) waits for this task before its body is sent: a test keeps an update in progress, and its lock held, until it lets go.</summary>
    public Task? HoldDownloads { get; set; }

    /// <summary>How many times the zip of <paramref name="ecosystem"/> was sent (200), not counting 304s.</summary>
    public int Downloads(string ecosystem) => Requests.Count(r => r == $"GET /{ecosystem}/all.zip 200");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!_zips.TryGetValue(path, out var zip))
        {
            Requests.Enqueue($"{context.Request.Method} {path} 404");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(zip))[..16]}\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            Requests.Enqueue($"{context.Request.Method} {path} 304");
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        if (HoldDownloads is { } hold)
        {
            await hold.WaitAsync(context.RequestAborted);
        }

        Requests.Enqueue($"{context.Request.Method} {path} 200");
        context.Response.ContentType = "application/zip";
        await context.Response.Body.WriteAsync(zip, context.RequestAborted);
    }

    private static byte[] Zip(string[] records)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < records.Length; i++)
            {
                using var stream = zip.CreateEntry($"record-{i}.json").Open();
                stream.Write(Encoding.UTF8.GetBytes(records[i]));
            }
        }

        return buffer.ToArray();
    }
}
