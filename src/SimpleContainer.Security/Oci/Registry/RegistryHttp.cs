using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Auth;

namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// The HTTP layer under <see cref="RegistryClient"/>: scheme choice per registry, authentication and retry after a
/// challenge, and turning registry error bodies into coded diagnostics.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    /// <summary>Set on a request whose content may be stale by the time a retry would send it (read-modify-write of a tag).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoRetry = new("sc.no-retry");

    private const int MaxAttempts = 4;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly RegistryTransportPolicy _transport;
    private readonly RegistryAuthenticator _authenticator;
    private readonly ConcurrentDictionary<string, Lazy<Task<Uri>>> _baseUris = new(StringComparer.OrdinalIgnoreCase);

    public RegistryHttp(RegistryClientOptions options)
    {
        _transport = options.Transport ?? RegistryTransportPolicy.FromEnvironment();
        _timeProvider = options.TimeProvider;
        var handler = options.Handler ?? CreateHandler(_transport);
        _http = new HttpClient(handler, disposeHandler: options.Handler is null) { Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _authenticator = new RegistryAuthenticator(_http, options.Credentials ?? DefaultCredentialProvider.FromEnvironment(options.EnvironmentCredentialsRegistry), options.TimeProvider);
    }

    public static string PullScope(string repository) => $"repository:{repository}:pull";

    public static string PushScope(string repository) => $"repository:{repository}:pull,push";

    /// <summary>
    /// Sends a request built by <paramref name="build"/> (called again for the retry after a challenge, so content
    /// must be re-creatable). Returns the response for any status but 401/403, which become coded errors.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        string registry,
        IReadOnlyList<string> scopes,
        Func<Uri, HttpRequestMessage> build,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var baseUri = await BaseUriAsync(registry, cancellationToken).ConfigureAwait(false);
        var request = build(baseUri);

        // Upload Locations and pagination Links are URLs the registry names: credentials go only to the registry's own
        // origin, never to another host, port or scheme (an http:// Location would carry the token in cleartext).
        var sameOrigin = IsSameOrigin(request.RequestUri!, baseUri);
        if (sameOrigin)
        {
            request.Headers.Authorization ??= _authenticator.CachedFor(registry, scopes);
        }
        else
        {
            request.Headers.Authorization = null;
        }

        var response = await SendCoreAsync(registry, request, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var challenge = response.Headers.WwwAuthenticate.Select(h => AuthChallenge.Parse(h.ToString())).FirstOrDefault(c => c is not null);
            var resource = request.RequestUri!.AbsolutePath;
            var target = request.RequestUri!.GetLeftPart(UriPartial.Path);
            response.Dispose();
            if (!sameOrigin)
            {
                throw new ScException(DiagnosticIds.CrossOriginCredentialsRefused, registry, target, baseUri.GetLeftPart(UriPartial.Authority));
            }

            var header = challenge is null ? null : await _authenticator.AnswerAsync(registry, baseUri, challenge, scopes, cancellationToken).ConfigureAwait(false);
            if (header is null)
            {
                throw new ScException(DiagnosticIds.RegistryUnauthorized, registry, resource, 401);
            }

            var retry = build(baseUri);
            retry.Headers.Authorization = header;
            response = await SendCoreAsync(registry, retry, completion, cancellationToken).ConfigureAwait(false);
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            var resource = response.RequestMessage?.RequestUri?.AbsolutePath ?? string.Empty;
            response.Dispose();
            throw new ScException(DiagnosticIds.RegistryUnauthorized, registry, resource, status);
        }

        return response;
    }

    /// <summary>Throws the coded error for an unsuccessful response, with the registry's own error text.</summary>
    public static async Task<ScException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var request = response.RequestMessage;
        var text = await ReadErrorTextAsync(response, cancellationToken).ConfigureAwait(false);
        return new ScException(DiagnosticIds.RegistryRequestFailed, request?.Method.Method, request?.RequestUri?.GetLeftPart(UriPartial.Path), (int)response.StatusCode, text);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Same scheme, host and port (RFC 6454 origin), the only place registry credentials are sent.</summary>
    internal static bool IsSameOrigin(Uri target, Uri registryBase) =>
        target.IsAbsoluteUri
        && string.Equals(target.Scheme, registryBase.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.IdnHost, registryBase.IdnHost, StringComparison.OrdinalIgnoreCase)
        && target.Port == registryBase.Port;

    /// <summary>
    /// Idempotent requests (GET, HEAD, PUT, DELETE) are retried on 429 and 5xx with exponential backoff, honouring
    /// Retry-After: registries answer those under load and while concurrent writers update one tag.
    /// </summary>
    private async Task<HttpResponseMessage> SendCoreAsync(string registry, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var idempotent = (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete)
            && !(request.Options.TryGetValue(NoRetry, out var noRetry) && noRetry);
        for (var attempt = 1; ; attempt++)
        {
            var response = await SendOnceAsync(registry, attempt == 1 ? request : await CloneAsync(request, cancellationToken).ConfigureAwait(false), completion, cancellationToken).ConfigureAwait(false);
            var transient = (int)response.StatusCode is 429 or >= 500 and not 501 and not 505;
            if (!idempotent || !transient || attempt >= MaxAttempts)
            {
                request.Dispose();
                return response;
            }

            var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(100 * Math.Pow(4, attempt - 1) * (0.5 + Random.Shared.NextDouble()));
            response.Dispose();
            await Task.Delay(delay < MaxRetryDelay ? delay : MaxRetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)clone.Options)[option.Key] = option.Value;
        }

        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            clone.Content = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(string registry, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.RegistryUnreachable, DiagnosticSeverity.Error, registry, ex.Message), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.RegistryUnreachable, DiagnosticSeverity.Error, registry, "the request timed out"), ex);
        }
    }

    private Task<Uri> BaseUriAsync(string registry, CancellationToken cancellationToken) =>
        _baseUris.GetOrAdd(registry, r => new Lazy<Task<Uri>>(() => ProbeBaseUriAsync(r, cancellationToken))).Value;

    /// <summary>https always; for insecure registries, fall back to http when https cannot be spoken at all.</summary>
    private async Task<Uri> ProbeBaseUriAsync(string registry, CancellationToken cancellationToken)
    {
        var https = RegistryTransportPolicy.BaseUri(registry, "https");
        if (!_transport.IsInsecure(registry))
        {
            return https;
        }

        try
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "v2/"));
            using var response = await _http.SendAsync(probe, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return https;
        }
        catch (HttpRequestException)
        {
            return RegistryTransportPolicy.BaseUri(registry, "http");
        }
    }

    private static SocketsHttpHandler CreateHandler(RegistryTransportPolicy transport) => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = true,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.None,
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                errors == SslPolicyErrors.None || (sender is SslStream { TargetHostName: { } host } && IsInsecureHost(transport, host)),
        },
    };

    // The TLS callback sees the host without its port: allow it when any listed registry has that host.
    private static bool IsInsecureHost(RegistryTransportPolicy transport, string host) => transport.IsInsecureHost(host);

    private static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return response.ReasonPhrase ?? string.Empty;
        }

        if (body.Length > 2048)
        {
            body = body[..2048];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e =>
                    $"{(e.TryGetProperty("code", out var c) ? c.GetString() : "?")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : string.Empty)}"));
            }
        }
        catch (JsonException)
        {
            // Not the registry error format; show the text.
        }

        return string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? string.Empty : body.Trim();
    }
}
