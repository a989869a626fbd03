using System.Net;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>
/// Downloads from a TUF mirror with an upper bound on every file; a network failure, timeout or HTTP error is a
/// <see cref="TufTransportException"/> (fail-open), a file over its bound is SCSEC5133 (an endless-data attack).
/// </summary>
internal sealed class TufMirror : IDisposable
{
    private readonly TufRepositoryOptions _options;
    private readonly HttpClient _http;

    public TufMirror(TufRepositoryOptions options)
    {
        _options = options;
        _http = options.Handler is null ? new HttpClient() : new HttpClient(options.Handler, disposeHandler: false);
        _http.Timeout = options.Timeout;
    }

    public async Task<byte[]?> DownloadAsync(string file, int maxBytes, bool allowMissing, CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.MirrorUrl, file);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (allowMissing && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new TufTransportException($"{uri} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new ScException(DiagnosticIds.TufFileMismatch, file, _options.MirrorUrl, $"{response.Content.Headers.ContentLength} bytes, more than the {maxBytes} allowed");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new ScException(DiagnosticIds.TufFileMismatch, file, _options.MirrorUrl, $"more than the {maxBytes} bytes allowed");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new TufTransportException($"{uri}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TufTransportException($"{uri}: timed out", ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
