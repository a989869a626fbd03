using System.Net.Http.Headers;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Oidc;

/// <summary>
/// Finds the workload's identity token from the first source that has one: <c>SIGSTORE_ID_TOKEN</c>; GitHub Actions'
/// token service (<c>ACTIONS_ID_TOKEN_REQUEST_URL</c> + <c>&amp;audience=sigstore</c>, bearer
/// <c>ACTIONS_ID_TOKEN_REQUEST_TOKEN</c>, retried); the variable named by ScOidcTokenVariable (GitLab's
/// <c>id_tokens:</c>); the file ScOidcTokenFile. With none, a coded error names the CI permission that is missing.
/// </summary>
public sealed class OidcTokenProvider(Func<string, string?> getVariable, HttpMessageHandler? handler = null, TimeProvider? timeProvider = null)
{
    public const string SigstoreTokenVariable = "SIGSTORE_ID_TOKEN";
    public const string GitHubRequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string GitHubRequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    public const string Audience = "sigstore";

    /// <summary>True when some source would yield a token, without asking any service (for "keyless by default").</summary>
    public bool IsAvailable(OidcTokenOptions options) =>
        HasValue(SigstoreTokenVariable)
        || (HasValue(GitHubRequestUrlVariable) && HasValue(GitHubRequestTokenVariable))
        || (options.TokenVariable is { Length: > 0 } name && HasValue(name))
        || (options.TokenFile is { Length: > 0 } file && File.Exists(file));

    public async Task<OidcToken> GetTokenAsync(OidcTokenOptions options, CancellationToken cancellationToken)
    {
        if (getVariable(SigstoreTokenVariable) is { Length: > 0 } direct)
        {
            return OidcToken.Parse(direct, SigstoreTokenVariable);
        }

        if (getVariable(GitHubRequestUrlVariable) is { Length: > 0 } url && getVariable(GitHubRequestTokenVariable) is { Length: > 0 } bearer)
        {
            return OidcToken.Parse(await RequestGitHubTokenAsync(url, bearer, options, cancellationToken).ConfigureAwait(false), "GitHub Actions");
        }

        if (options.TokenVariable is { Length: > 0 } variable && getVariable(variable) is { Length: > 0 } fromVariable)
        {
            return OidcToken.Parse(fromVariable, variable);
        }

        if (options.TokenFile is { Length: > 0 } file)
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ScException(DiagnosticIds.OidcTokenFileUnreadable, file, ex.Message);
            }

            return OidcToken.Parse(text, file);
        }

        if (HasValue(GitHubRequestUrlVariable) || HasValue("GITHUB_ACTIONS"))
        {
            throw new ScException(DiagnosticIds.OidcTokenMissing, "GitHub Actions", "the job has no 'permissions: id-token: write' (ACTIONS_ID_TOKEN_REQUEST_URL/ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set)");
        }

        if (HasValue("GITLAB_CI"))
        {
            throw new ScException(DiagnosticIds.OidcTokenMissing, "GitLab CI", $"the job has no 'id_tokens: {options.TokenVariable ?? SigstoreTokenVariable}: aud: sigstore' entry");
        }

        throw new ScException(DiagnosticIds.OidcTokenMissing, "this environment", "no SIGSTORE_ID_TOKEN, no GitHub Actions token service, no ScOidcTokenVariable or ScOidcTokenFile");
    }

    private bool HasValue(string name) => !string.IsNullOrEmpty(getVariable(name));

    private async Task<string> RequestGitHubTokenAsync(string url, string bearer, OidcTokenOptions options, CancellationToken cancellationToken)
    {
        var requestUri = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "audience=" + Audience;
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        string problem = "no answer";
        for (var attempt = 1; attempt <= Math.Max(1, options.GitHubAttempts); attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(options.GitHubRetryDelay * (1 << (attempt - 2)), timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                    if (json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token)
                    {
                        return token;
                    }

                    problem = "the answer has no 'value'";
                    continue;
                }

                problem = $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                {
                    break;
                }
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }
            catch (JsonException)
            {
                problem = "the answer is not JSON";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = "timed out";
            }
        }

        // The request URL carries no secret, but the bearer does: only the host is named.
        throw new ScException(DiagnosticIds.OidcTokenRequestFailed, new Uri(url).GetLeftPart(UriPartial.Authority), problem);
    }
}
