namespace SimpleContainer.Security.Sigstore.Oidc;

/// <summary>Where an identity token may come from besides SIGSTORE_ID_TOKEN and GitHub Actions.</summary>
public sealed record OidcTokenOptions
{
    public const string DefaultVariable = "SIGSTORE_ID_TOKEN";

    /// <summary>The variable a GitLab <c>id_tokens:</c> entry fills (ScOidcTokenVariable); SIGSTORE_ID_TOKEN when unset.</summary>
    public string? TokenVariable { get; init; }

    /// <summary>A file holding the token (ScOidcTokenFile), for example a Kubernetes projected service-account token.</summary>
    public string? TokenFile { get; init; }

    /// <summary>How often the GitHub Actions token service is asked before giving up.</summary>
    public int GitHubAttempts { get; init; } = 4;

    public TimeSpan GitHubRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
