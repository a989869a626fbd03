using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Scanning.Osv;

/// <summary>
/// One vulnerability record in the OSV schema (https://ossf.github.io/osv-schema/), as published by GitHub advisories,
/// Debian, Ubuntu, Alpine and others. It is also the database's stored form: NuGet's vulnerability resource is
/// converted to it on import (see <see cref="OsvRangeTypes.NuGetInterval"/>).
/// </summary>
public sealed record OsvRecord
{
    [JsonPropertyName("schema_version")]
    public string? SchemaVersion { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("modified")]
    public DateTimeOffset? Modified { get; init; }

    [JsonPropertyName("published")]
    public DateTimeOffset? Published { get; init; }

    /// <summary>Set when the record was withdrawn; withdrawn records never match.</summary>
    [JsonPropertyName("withdrawn")]
    public DateTimeOffset? Withdrawn { get; init; }

    [JsonPropertyName("aliases")]
    public IReadOnlyList<string>? Aliases { get; init; }

    [JsonPropertyName("related")]
    public IReadOnlyList<string>? Related { get; init; }

    [JsonPropertyName("upstream")]
    public IReadOnlyList<string>? Upstream { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    [JsonPropertyName("details")]
    public string? Details { get; init; }

    [JsonPropertyName("severity")]
    public IReadOnlyList<OsvSeverity>? Severity { get; init; }

    [JsonPropertyName("affected")]
    public IReadOnlyList<OsvAffected>? Affected { get; init; }

    [JsonPropertyName("references")]
    public IReadOnlyList<OsvReference>? References { get; init; }

    /// <summary>GHSA puts its rating here: <c>{"severity": "HIGH"}</c> (LOW, MODERATE, HIGH, CRITICAL).</summary>
    [JsonPropertyName("database_specific")]
    public OsvDatabaseSpecific? DatabaseSpecific { get; init; }
}

/// <summary>
/// The part of a record's <c>database_specific</c> that matching uses. Other database- and ecosystem-specific members
/// (at every level) are not read: they are free-form, and parsing them into documents made lookups several times slower.
/// </summary>
public sealed record OsvDatabaseSpecific
{
    [JsonPropertyName("severity")]
    public string? Severity { get; init; }
}

/// <summary><c>{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/…"}</c>; Ubuntu uses <c>{"type": "Ubuntu", "score": "medium"}</c>.</summary>
public sealed record OsvSeverity
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("score")]
    public required string Score { get; init; }
}

public sealed record OsvAffected
{
    [JsonPropertyName("package")]
    public OsvPackage? Package { get; init; }

    [JsonPropertyName("severity")]
    public IReadOnlyList<OsvSeverity>? Severity { get; init; }

    [JsonPropertyName("ranges")]
    public IReadOnlyList<OsvRange>? Ranges { get; init; }

    /// <summary>Explicitly listed affected versions; a package version in this list is affected whatever the ranges say.</summary>
    [JsonPropertyName("versions")]
    public IReadOnlyList<string>? Versions { get; init; }
}

/// <summary><c>{"ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl"}</c>. Debian records name source packages.</summary>
public sealed record OsvPackage
{
    [JsonPropertyName("ecosystem")]
    public required string Ecosystem { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("purl")]
    public string? Purl { get; init; }
}

public sealed record OsvRange
{
    /// <summary><see cref="OsvRangeTypes"/>: ECOSYSTEM, SEMVER, GIT, or our NuGet interval.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("repo")]
    public string? Repo { get; init; }

    [JsonPropertyName("events")]
    public IReadOnlyList<OsvEvent> Events { get; init; } = [];

    /// <summary>Only for <see cref="OsvRangeTypes.NuGetInterval"/>: NuGet's interval notation, <c>[1.0.0, 13.0.1)</c>.</summary>
    [JsonPropertyName("sc_interval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Interval { get; init; }
}

/// <summary>Exactly one of the four is set in a valid event.</summary>
public sealed record OsvEvent
{
    [JsonPropertyName("introduced")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Introduced { get; init; }

    [JsonPropertyName("fixed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fixed { get; init; }

    [JsonPropertyName("last_affected")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastAffected { get; init; }

    [JsonPropertyName("limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Limit { get; init; }
}

public sealed record OsvReference
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }
}

public static class OsvRangeTypes
{
    public const string Ecosystem = "ECOSYSTEM";
    public const string SemVer = "SEMVER";
    public const string Git = "GIT";

    /// <summary>
    /// Ours, never written to an OSV file: a NuGet vulnerability-resource entry keeps its NuGet interval
    /// (<see cref="OsvRange.Interval"/>), because an exclusive lower bound has no OSV event.
    /// </summary>
    public const string NuGetInterval = "SC_NUGET_INTERVAL";
}
