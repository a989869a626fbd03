using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SimpleContainer.Security.TestSupport.Registry;

/// <summary>
/// Distribution 2.8 ignores <c>n</c> on <c>tags/list</c>. This front serves a real registry's tag list in pages the way
/// distribution 3 and the OCI spec do (<c>?n=</c>, <c>?last=</c>, lexical order, <c>Link: &lt;…&gt;; rel="next"</c>).
/// </summary>
public sealed class TagPaginationFront : IAsyncDisposable
{
    private readonly LoopbackWebServer _server;

    private TagPaginationFront(LoopbackWebServer server) => _server = server;

    public string Host => $"{_server.BaseUri.Host}:{_server.BaseUri.Port}";

    public static async Task<TagPaginationFront> StartAsync(Uri backend)
    {
        var http = new HttpClient { BaseAddress = backend };
        var server = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapGet("/v2/", () => Results.Json(new { }));
            app.MapGet("/v2/{**rest}", async (HttpContext context, string rest) =>
            {
                const string suffix = "/tags/list";
                if (!rest.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return Results.NotFound();
                }

                var repository = rest[..^suffix.Length];
                using var document = JsonDocument.Parse(await http.GetStringAsync($"v2/{repository}/tags/list"));
                var all = document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal).ToList();
                var n = int.TryParse(context.Request.Query["n"], out var size) && size > 0 ? size : all.Count;
                var last = context.Request.Query["last"].ToString();
                var page = all.Where(t => string.CompareOrdinal(t, last) > 0).Take(n).ToList();
                if (page.Count > 0 && all.IndexOf(page[^1]) < all.Count - 1)
                {
                    context.Response.Headers.Append("Link", $"</v2/{repository}/tags/list?last={Uri.EscapeDataString(page[^1])}&n={n}>; rel=\"next\"");
                }

                return Results.Json(new { name = repository, tags = page });
            });
        });
        return new TagPaginationFront(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
