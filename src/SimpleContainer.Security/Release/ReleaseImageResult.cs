using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Release;

[JsonConverter(typeof(JsonStringEnumConverter<ReleaseImageOutcome>))]
public enum ReleaseImageOutcome
{
    /// <summary>Published, and every stage succeeded or was skipped by configuration.</summary>
    Succeeded,

    /// <summary>Published, and a stage that is not required failed (fail-open): a warning, named in <see cref="ReleaseImageResult.Stages"/>.</summary>
    SucceededWithWarnings,

    /// <summary>The publish failed (build, a failing gate, a required stage).</summary>
    Failed,

    /// <summary>Not attempted or stopped: <c>--fail-fast</c> after another image failed.</summary>
    Cancelled,
}

/// <summary>One stage of one image: its outcome as the publish recorded it (<c>ScSecurityStageOutcomes</c>), why, and when it finished.</summary>
/// <param name="Outcome"><c>Succeeded</c>, <c>Skipped</c>, <c>FailedOpen</c>, <c>Failed</c>, or <c>NotRun</c> when the publish stopped before it.</param>
/// <param name="FinishedAfter">Seconds from the start of the publish to the stage's last artifact; null when it wrote none.</param>
public sealed record ReleaseStage(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("finishedAfterSeconds")] double? FinishedAfter);

public sealed record ReleaseSignature(
    [property: JsonPropertyName("layouts")] IReadOnlyList<string> Layouts,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("verifiedAfterSigning")] bool VerifiedAfterSigning);

public sealed record ReleaseSbom(
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("components")] int Components);

/// <summary>The scan gate's verdict and the findings by severity (critical … unknown), from <c>scan.json</c>.</summary>
public sealed record ReleaseFindings(
    [property: JsonPropertyName("bySeverity")] IReadOnlyDictionary<string, int> BySeverity,
    [property: JsonPropertyName("gatePassed")] bool GatePassed);

/// <summary>Everything the release knows of one image: what its publish recorded under <c>sc-security/</c>.</summary>
public sealed record ReleaseImageResult
{
    /// <summary>An image the release has no record of (it failed before the hook recorded it, or was cancelled): what the plan knew, and why.</summary>
    public static ReleaseImageResult Unrecorded(ReleaseProject project, ReleaseImageOutcome outcome, double seconds, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new()
        {
            Project = project.Name,
            ProjectPath = project.ProjectPath,
            Outcome = outcome,
            Registry = project.Registry,
            Repository = project.Repository,
            Tags = project.Tags,
            DurationSeconds = seconds,
            Errors = errors,
        };
    }

    [JsonPropertyName("project")]
    public required string Project { get; init; }

    [JsonPropertyName("projectPath")]
    public required string ProjectPath { get; init; }

    [JsonPropertyName("outcome")]
    public required ReleaseImageOutcome Outcome { get; init; }

    [JsonPropertyName("registry")]
    public string? Registry { get; init; }

    [JsonPropertyName("repository")]
    public string? Repository { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    [JsonPropertyName("signature")]
    public ReleaseSignature? Signature { get; init; }

    [JsonPropertyName("sbom")]
    public ReleaseSbom? Sbom { get; init; }

    /// <summary>The provenance attestation's file or reference; null when none was made (the attest stage says why).</summary>
    [JsonPropertyName("provenance")]
    public string? Provenance { get; init; }

    /// <summary>Null when nothing was scanned (the scan stage says why): a gate that evaluated nothing never says passed.</summary>
    [JsonPropertyName("findings")]
    public ReleaseFindings? Findings { get; init; }

    [JsonPropertyName("stages")]
    public IReadOnlyList<ReleaseStage> Stages { get; init; } = [];

    [JsonPropertyName("durationSeconds")]
    public double DurationSeconds { get; init; }

    /// <summary>Why the image failed or was cancelled: the publish's coded errors, or the reason it was not attempted.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];

    [JsonIgnore]
    public bool IsFailure => Outcome is ReleaseImageOutcome.Failed or ReleaseImageOutcome.Cancelled;
}
