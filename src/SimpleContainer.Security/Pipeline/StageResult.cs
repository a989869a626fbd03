using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Pipeline;

public enum StageOutcome
{
    Succeeded,

    /// <summary>Not run (disabled, or an earlier gate stopped the pipeline).</summary>
    Skipped,

    /// <summary>Failed, and the stage is not required: the build goes on with a warning.</summary>
    FailedOpen,

    /// <summary>Failed, and the stage is required: the build fails.</summary>
    Failed,
}

/// <summary>A file a stage produced under <c>sc-security/</c>.</summary>
public sealed record SecurityArtifact(string Path, string Kind, string? Digest = null)
{
    /// <summary>For <c>Kind=Attestation</c>: the in-toto predicate type the envelope carries.</summary>
    public string? PredicateType { get; init; }
}

/// <summary>What one stage did, with every diagnostic it raised.</summary>
public sealed record StageResult(string Stage, StageOutcome Outcome, IReadOnlyList<ScDiagnostic> Diagnostics, IReadOnlyList<SecurityArtifact> Artifacts)
{
    /// <summary>Why the stage was skipped or failed (open); null when it succeeded.</summary>
    public string? Reason { get; init; }

    /// <summary>A stage that did not run, and why; <paramref name="diagnostics"/> say so in the log when the user should know.</summary>
    public static StageResult Skipped(string stage, string reason, params ScDiagnostic[] diagnostics) =>
        new(stage, StageOutcome.Skipped, diagnostics, []) { Reason = reason };

    /// <summary>
    /// Turns a failure into the stage's result: an error when the stage is required, the failure is a configuration
    /// error (a wrong setting is the user's to fix at once) or the image was refused as hostile
    /// (<see cref="Sbom.Filesystem.ImageRefusal"/>: bad input, not a failing service), else a warning (fail-open, never silent).
    /// </summary>
    public static StageResult FromFailure(string stage, ScDiagnostic failure, bool required, string wrapperKey, string subject) =>
        required || ConfigurationErrors.Is(failure) || Sbom.Filesystem.ImageRefusal.Is(failure)
            ? new StageResult(stage, StageOutcome.Failed, [failure.WithSeverity(DiagnosticSeverity.Error)], []) { Reason = failure.Text }
            : new StageResult(stage, StageOutcome.FailedOpen, [new ScDiagnostic(wrapperKey, DiagnosticSeverity.Warning, subject, failure.Message)], []) { Reason = failure.Text };
}
