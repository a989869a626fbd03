using SimpleContainer.Security.Sigstore.Oidc;

namespace SimpleContainer.Security.Sigstore;

/// <summary>Where keyless signing gets its certificate, log entry and timestamp, and where its identity token comes from.</summary>
public sealed record KeylessOptions
{
    public const string PublicFulcioUrl = "https://fulcio.sigstore.dev";
    public const string PublicRekorUrl = "https://rekor.sigstore.dev";

    public Uri FulcioUrl { get; init; } = new(PublicFulcioUrl);

    public Uri RekorUrl { get; init; } = new(PublicRekorUrl);

    /// <summary>An RFC 3161 timestamp authority (ScTimestampUrl); none when null.</summary>
    public Uri? TimestampUrl { get; init; }

    public OidcTokenOptions Oidc { get; init; } = new();

    /// <summary>The handler for every Sigstore request (tests; a proxy); the default handler when null.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>A URL as given in a setting, with the trailing slash <see cref="Uri"/> needs to resolve API paths under it.</summary>
    public static Uri ServiceUri(string text) => new(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
}
