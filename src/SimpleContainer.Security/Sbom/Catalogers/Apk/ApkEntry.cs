using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Sbom.Catalogers.Apk;

/// <summary>An installed package as <c>/lib/apk/db/installed</c> records it.</summary>
internal sealed class ApkEntry
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public string? Architecture { get; init; }

    public string? License { get; init; }

    public string? Origin { get; init; }

    public string? Maintainer { get; init; }

    public string? Url { get; init; }

    public string? Description { get; init; }

    public string? BuildTime { get; init; }

    public string? Commit { get; init; }

    public string? InstalledSize { get; init; }

    /// <summary>Names from <c>p:</c> (provides), versions stripped.</summary>
    public IReadOnlyList<string> Provides { get; init; } = [];

    /// <summary>Names from <c>D:</c> (depends), versions and conflicts stripped.</summary>
    public IReadOnlyList<string> Depends { get; init; } = [];

    public required ImageFile File { get; init; }
}
