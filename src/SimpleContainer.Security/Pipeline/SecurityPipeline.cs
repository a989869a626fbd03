using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Pipeline;

/// <summary>One stage of the pipeline: whether it runs for these options, and what it does with the run so far.</summary>
public interface ISecurityStage
{
    string Name { get; }

    /// <summary>Why the stage does not run for these options (not enabled), or null when it runs.</summary>
    string? SkipReason(SecurityOptions options);

    /// <summary>Runs the stage. A failure it can name is a <see cref="StageResult"/>, not an exception.</summary>
    Task<StageResult> RunAsync(PipelineRun run, CancellationToken cancellationToken);
}

/// <summary>One run of the pipeline for one recorded image: what the stages so far produced, handed on in memory.</summary>
public sealed class PipelineRun(ImageRecord record, SecurityArtifactLayout layout, SecurityOptions options)
{
    private readonly List<StageResult> _completed = [];

    public ImageRecord Record { get; } = record;

    public SecurityArtifactLayout Layout { get; } = layout;

    public SecurityOptions Options { get; } = options;

    public IReadOnlyList<StageResult> Completed => _completed;

    /// <summary>The artifacts an earlier stage of this run wrote (never a file found on disk).</summary>
    public IReadOnlyList<SecurityArtifact> ArtifactsOf(string stage) =>
        _completed.Where(r => r.Stage == stage && r.Outcome == StageOutcome.Succeeded).SelectMany(r => r.Artifacts).ToList();

    internal void Add(StageResult result) => _completed.Add(result);
}

/// <summary>What the pipeline did for one image: every stage's outcome, in order. Both front doors render this.</summary>
public sealed record SecurityPipelineResult(ImageRecord Record, IReadOnlyList<StageResult> Stages)
{
    /// <summary>True when a stage failed (a required stage, a failed gate or a configuration error): the build fails.</summary>
    public bool Failed => Stages.Any(s => s.Outcome == StageOutcome.Failed);

    public IEnumerable<ScDiagnostic> Diagnostics => Stages.SelectMany(s => s.Diagnostics);

    public IEnumerable<SecurityArtifact> Artifacts => Stages.SelectMany(s => s.Artifacts);

    public StageResult? this[string stage] => Stages.FirstOrDefault(s => s.Stage == stage);
}

/// <summary>
/// The security pipeline for one recorded image: SBOM → scan gate → sign → attest, each stage getting what the earlier
/// ones produced in this run. A failed stage (a failed gate, a required stage that failed, a configuration error)
/// stops every later stage, which is reported as skipped with the reason; a stage that failed open lets the run go on.
/// </summary>
public sealed class SecurityPipeline(IReadOnlyList<ISecurityStage> stages, IDisposable? resources = null) : IDisposable
{
    /// <summary>Releases what the stages share for the build (the decrypted signing key).</summary>
    public void Dispose() => resources?.Dispose();

    /// <param name="stageStarting">Told the name of each stage about to run (not of one skipped), for live progress.</param>
    public async Task<SecurityPipelineResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SecurityOptions options, CancellationToken cancellationToken, Action<string>? stageStarting = null)
    {
        var run = new PipelineRun(record, layout, options);
        string? stoppedBy = null;
        foreach (var stage in stages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StageResult result;
            if (stage.SkipReason(options) is { } reason)
            {
                result = StageResult.Skipped(stage.Name, reason);
            }
            else if (stoppedBy is not null)
            {
                var why = $"the {stoppedBy} stage failed";
                result = StageResult.Skipped(stage.Name, why, new ScDiagnostic(DiagnosticIds.StageNotRun, DiagnosticSeverity.Message, stage.Name, record.Subject, why));
            }
            else
            {
                stageStarting?.Invoke(stage.Name);
                result = await RunStageAsync(stage, run, cancellationToken).ConfigureAwait(false);
            }

            run.Add(result);
            if (result.Outcome == StageOutcome.Failed)
            {
                stoppedBy ??= stage.Name;
            }
        }

        return new SecurityPipelineResult(record, run.Completed);
    }

    private static async Task<StageResult> RunStageAsync(ISecurityStage stage, PipelineRun run, CancellationToken cancellationToken)
    {
        try
        {
            return await stage.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            // A stage that let a coded failure escape: never lost, and never passed over silently.
            return new StageResult(stage.Name, StageOutcome.Failed, [ex.Diagnostic.WithSeverity(DiagnosticSeverity.Error)], []) { Reason = ex.Diagnostic.Text };
        }
    }
}
