namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>One TUF repository: its mirror, the root it is first trusted with, and where its metadata is cached.</summary>
internal sealed record TufRepositoryOptions
{
    /// <summary>The metadata base URL (metadata at <c>&lt;mirror&gt;/N.root.json</c>, targets under <c>&lt;mirror&gt;/targets/</c>).</summary>
    public required Uri MirrorUrl { get; init; }

    /// <summary>The trust anchor: a root.json used when the cache holds none.</summary>
    public required byte[] InitialRoot { get; init; }

    /// <summary>This repository's cache folder (<c>&lt;cache&gt;/tuf/&lt;host+path&gt;</c>); none (memory only) when null.</summary>
    public string? CacheFolder { get; init; }

    public HttpMessageHandler? Handler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How many root versions one refresh may walk (python-tuf's max_root_rotations).</summary>
    public int MaxRootRotations { get; init; } = 32;
}
