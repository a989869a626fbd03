namespace SimpleContainer.Security.Sigstore.Trust;

/// <summary>Where the trusted root comes from: a file (ScTrustedRoot), else a TUF repository (ScTufUrl, ScTufRoot).</summary>
public sealed record TrustedRootOptions
{
    public const string PublicGoodTufUrl = "https://tuf-repo-cdn.sigstore.dev";

    /// <summary>A trusted_root.json file; when set, TUF is not asked.</summary>
    public string? TrustedRootPath { get; init; }

    /// <summary>The TUF mirror whose <c>trusted_root.json</c> target is the trusted root.</summary>
    public Uri TufUrl { get; init; } = new(PublicGoodTufUrl);

    /// <summary>The initial root.json for <see cref="TufUrl"/> (a private Sigstore); the shipped public-good root when null.</summary>
    public string? TufRootPath { get; init; }

    /// <summary>The shared cache folder (TUF metadata goes to <c>tuf/&lt;host+path&gt;/</c> under it); memory only when null.</summary>
    public string? CacheFolder { get; init; }

    public HttpMessageHandler? Handler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool IsPublicGood => TufUrl.AbsoluteUri.TrimEnd('/') == PublicGoodTufUrl;

    /// <summary>
    /// <c>$SC_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME</c> or <c>$HOME/.cache</c> + <c>/simplecontainer-security</c>;
    /// null (no cache) when none is an absolute path.
    /// </summary>
    public static string? DefaultCacheFolder(Func<string, string?> getVariable)
    {
        static string? Absolute(string? path) => path is { Length: > 0 } && Path.IsPathFullyQualified(path) ? path : null;
        if (Absolute(getVariable("SC_CACHE_DIR")) is { } explicitRoot)
        {
            return explicitRoot;
        }

        var cacheHome = Absolute(getVariable("XDG_CACHE_HOME")) ?? (Absolute(getVariable("HOME")) is { } home ? Path.Combine(home, ".cache") : null);
        return cacheHome is null ? null : Path.Combine(cacheHome, "simplecontainer-security");
    }
}
