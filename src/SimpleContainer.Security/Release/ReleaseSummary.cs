using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Release;

/// <summary><c>release.json</c> (schema in docs/release.md): the evidence of one release, every image in plan order.</summary>
public sealed record ReleaseSummary
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("stack")]
    public required string Stack { get; init; }

    [JsonPropertyName("environment")]
    public required string Environment { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The commit released (HEAD when the release started), or null outside a git work tree.</summary>
    [JsonPropertyName("commit")]
    public string? Commit { get; init; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; init; }

    [JsonPropertyName("parallelism")]
    public int Parallelism { get; init; }

    [JsonPropertyName("failFast")]
    public bool FailFast { get; init; }

    [JsonPropertyName("succeeded")]
    public bool Succeeded => Images.Count > 0 && Images.All(i => !i.IsFailure);

    [JsonPropertyName("images")]
    public IReadOnlyList<ReleaseImageResult> Images { get; init; } = [];

    [JsonPropertyName("excluded")]
    public IReadOnlyList<ExcludedProject> Excluded { get; init; } = [];
}
