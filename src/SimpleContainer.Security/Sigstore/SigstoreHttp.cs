using System.Net;
using System.Text;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore;

/// <summary>The HTTP side shared by the Fulcio, Rekor and timestamp clients: one client, bounded answers, coded failures.</summary>
internal sealed class SigstoreHttp(HttpMessageHandler? handler, TimeSpan? timeout = null) : IDisposable
{
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private readonly HttpClient _http = handler is null
        ? new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(60) }
        : new HttpClient(handler, disposeHandler: false) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    public async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ScException(DiagnosticIds.SigstoreServiceUnreachable, service, request.RequestUri!.GetLeftPart(UriPartial.Authority), ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScException(DiagnosticIds.SigstoreServiceUnreachable, service, request.RequestUri!.GetLeftPart(UriPartial.Authority), "timed out");
        }

        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            response.Dispose();
            throw new ScException(DiagnosticIds.SigstoreServiceFailed, service, request.RequestUri!.GetLeftPart(UriPartial.Path), (int)response.StatusCode, $"the answer is larger than {MaxResponseBytes} bytes");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxResponseBytes)
        {
            response.Dispose();
            throw new ScException(DiagnosticIds.SigstoreServiceFailed, service, request.RequestUri!.GetLeftPart(UriPartial.Path), (int)response.StatusCode, $"the answer is larger than {MaxResponseBytes} bytes");
        }

        return (response.StatusCode, body, response);
    }

    /// <summary>A failed answer as a coded error; the body is cut short (services echo requests, never tokens, but keep it brief).</summary>
    public static ScException Failed(string service, Uri uri, HttpStatusCode status, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
        return new ScException(DiagnosticIds.SigstoreServiceFailed, service, uri.GetLeftPart(UriPartial.Path), (int)status, text.Length == 0 ? "no details" : text);
    }

    public void Dispose() => _http.Dispose();
}
