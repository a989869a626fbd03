namespace SimpleContainer.Security.Provenance;

/// <summary>Source repository URIs as provenance writes and verifiers compare them: no credentials, no <c>.git</c>, no ref.</summary>
public static class SourceUris
{
    /// <summary><c>git+https://host/org/repo@refs/heads/main</c> → <c>https://host/org/repo</c>; scp-style <c>git@host:org/repo.git</c> → <c>ssh://host/org/repo</c>.</summary>
    public static string Normalize(string uri)
    {
        var text = uri.Trim();
        if (text.StartsWith("git+", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var pathStart = schemeEnd >= 0 ? text.IndexOf('/', schemeEnd + 3) : -1;
        var at = text.LastIndexOf('@');
        if (pathStart > 0 && at > pathStart)
        {
            text = text[..at];
        }

        text = StripCredentials(text).TrimEnd('/');
        return text.EndsWith(".git", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>A remote URL without user info (a token in <c>https://user:token@host/…</c> never reaches the provenance).</summary>
    public static string StripCredentials(string url)
    {
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal) && text.IndexOf(':') is var colon and > 0 && text.IndexOf('@') is var userAt && userAt < colon)
        {
            // scp-like syntax: user@host:path
            text = $"ssh://{text[(userAt + 1)..colon]}/{text[(colon + 1)..].TrimStart('/')}";
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0)
        {
            var builder = new UriBuilder(parsed) { UserName = string.Empty, Password = string.Empty };
            return builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        }

        return text;
    }

    /// <summary>The resolvedDependencies URI of a source: <c>git+https://host/org/repo@refs/heads/main</c>.</summary>
    public static string Dependency(string repository, string? gitRef) =>
        gitRef is { Length: > 0 } ? $"git+{Normalize(repository)}@{gitRef}" : $"git+{Normalize(repository)}";
}
