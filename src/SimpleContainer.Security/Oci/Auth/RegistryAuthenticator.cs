using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Auth;

/// <summary>
/// Answers registry challenges: Basic with the configured credentials, or the Docker/OCI bearer-token flow
/// (GET realm?service=&amp;scope=, basic-authenticated when credentials exist; an identity token is exchanged with the
/// OAuth2 refresh-token grant). Tokens are cached per registry and scope set, until shortly before they expire.
/// </summary>
internal sealed class RegistryAuthenticator(HttpClient tokenClient, ICredentialProvider credentials, TimeProvider timeProvider)
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, CachedHeader> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<RegistryCredential?>> _credentials = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A header already earned for this registry and scopes, to send before being challenged.</summary>
    public AuthenticationHeaderValue? CachedFor(string registry, IReadOnlyList<string> scopes)
    {
        if (_cache.TryGetValue(KeyOf(registry, scopes), out var cached) && cached.ExpiresAt > timeProvider.GetUtcNow())
        {
            return cached.Header;
        }

        return _cache.TryGetValue(KeyOf(registry, []), out var basic) && basic.ExpiresAt > timeProvider.GetUtcNow() ? basic.Header : null;
    }

    /// <summary>
    /// Answers a 401 challenge from the registry at <paramref name="registryBase"/>; null when there is nothing to
    /// answer with. A token realm may be on another host (Docker Hub's is), but an https registry's realm must be
    /// https too, or the credentials and the token would travel in cleartext.
    /// </summary>
    public async Task<AuthenticationHeaderValue?> AnswerAsync(string registry, Uri registryBase, AuthChallenge challenge, IReadOnlyList<string> wantedScopes, CancellationToken cancellationToken)
    {
        if (challenge.IsBearer && challenge.Realm is { } realmText)
        {
            if (!Uri.TryCreate(realmText, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
            {
                throw new ScException(DiagnosticIds.TokenRequestFailed, realmText, string.Join(' ', wantedScopes), 0, registry);
            }

            if (registryBase.Scheme == Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttps)
            {
                throw new ScException(DiagnosticIds.InsecureTokenRealm, registry, realm.GetLeftPart(UriPartial.Path));
            }
        }

        var credential = await _credentials.GetOrAdd(registry, r => credentials.GetCredentialAsync(r, cancellationToken)).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            if (credential is not { HasBasic: true })
            {
                return null;
            }

            var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            _cache[KeyOf(registry, [])] = new CachedHeader(header, DateTimeOffset.MaxValue);
            return header;
        }

        if (!challenge.IsBearer || challenge.Realm is null)
        {
            return null;
        }

        var scopes = challenge.Scopes.Concat(wantedScopes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var (token, lifetime) = await RequestTokenAsync(registry, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
        var bearer = new AuthenticationHeaderValue("Bearer", token);
        var expiresAt = timeProvider.GetUtcNow() + lifetime - TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 2));
        _cache[KeyOf(registry, wantedScopes)] = new CachedHeader(bearer, expiresAt);
        _cache[KeyOf(registry, scopes)] = new CachedHeader(bearer, expiresAt);
        return bearer;
    }

    private async Task<(string Token, TimeSpan Lifetime)> RequestTokenAsync(
        string registry, AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        HttpRequestMessage request;
        if (credential?.IdentityToken is { Length: > 0 } identityToken)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", identityToken),
                new("client_id", "simplecontainer-security"),
                new("service", challenge.Service ?? registry),
            };
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }

            request = new HttpRequestMessage(HttpMethod.Post, challenge.Realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new StringBuilder();
            if (challenge.Service is not null)
            {
                query.Append("service=").Append(Uri.EscapeDataString(challenge.Service));
            }

            foreach (var scope in scopes)
            {
                query.Append(query.Length > 0 ? "&" : string.Empty).Append("scope=").Append(Uri.EscapeDataString(scope));
            }

            var separator = challenge.Realm!.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            request = new HttpRequestMessage(HttpMethod.Get, query.Length > 0 ? challenge.Realm + separator + query : challenge.Realm);
            if (credential is { HasBasic: true })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
            }
        }

        using (request)
        {
            using var response = await tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ScException(DiagnosticIds.TokenRequestFailed, challenge.Realm, string.Join(' ', scopes), (int)response.StatusCode, registry);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                    ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null)
                    ?? throw new JsonException("no 'token' or 'access_token'");
                var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : DefaultTokenLifetime;
                return (token, lifetime);
            }
            catch (JsonException ex)
            {
                throw new ScException(new ScDiagnostic(DiagnosticIds.TokenRequestFailed, DiagnosticSeverity.Error, challenge.Realm, string.Join(' ', scopes), (int)HttpStatusCode.OK, registry), ex);
            }
        }
    }

    private static string KeyOf(string registry, IEnumerable<string> scopes) => registry + "|" + string.Join(' ', scopes.Order(StringComparer.Ordinal));

    private sealed record CachedHeader(AuthenticationHeaderValue Header, DateTimeOffset ExpiresAt);
}
