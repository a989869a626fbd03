namespace SimpleContainer.Security.Sbom.Catalogers.OsRelease;

/// <summary>The fields of <c>os-release(5)</c> the SBOM uses.</summary>
public sealed record LinuxRelease
{
    /// <summary>The lowercase distribution id, for example <c>debian</c> or <c>alpine</c>.</summary>
    public required string Id { get; init; }

    public string? VersionId { get; init; }

    public string? VersionCodename { get; init; }

    public string? Name { get; init; }

    public string? PrettyName { get; init; }

    public string? HomeUrl { get; init; }

    public IReadOnlyList<string> IdLike { get; init; } = [];

    /// <summary>The purl <c>distro</c> qualifier: <c>debian-12</c>, <c>alpine-3.20.3</c>; the codename when there is no version.</summary>
    public string DistroQualifier => (VersionId ?? VersionCodename) is { Length: > 0 } version ? $"{Id}-{version}" : Id;
}
