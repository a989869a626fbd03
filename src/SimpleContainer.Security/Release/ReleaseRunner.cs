using System.Diagnostics;

namespace SimpleContainer.Security.Release;

/// <summary>
/// Publishes every project of a plan with at most <see cref="ReleasePlan.Parallelism"/> at a time. By default every
/// image is attempted and the failures are reported at the end; with <see cref="ReleasePlan.FailFast"/> the first
/// failure cancels the publishes still running and those not started, each recorded as cancelled with the reason.
/// Cancelling <c>cancellationToken</c> (Ctrl+C) stops everything and throws: there is no summary of a release the
/// user stopped.
/// </summary>
public sealed class ReleaseRunner(IImagePublisher publisher, IReleaseProgress progress, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public async Task<ReleaseSummary> RunAsync(ReleasePlan plan, string? commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var startedAt = clock.GetUtcNow();
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(Math.Max(1, plan.Parallelism));
        var firstFailure = new FirstFailure();
        var tasks = plan.Projects.Select(project => PublishOneAsync(project, plan, slots, failFast, firstFailure, cancellationToken)).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new ReleaseSummary
        {
            Version = plan.Version,
            Stack = plan.Stack,
            Environment = plan.Environment,
            Source = plan.Source,
            Commit = commit,
            StartedAt = startedAt,
            FinishedAt = clock.GetUtcNow(),
            Parallelism = plan.Parallelism,
            FailFast = plan.FailFast,
            Images = results,
            Excluded = plan.Excluded,
        };
    }

    private async Task<ReleaseImageResult> PublishOneAsync(
        ReleaseProject project, ReleasePlan plan, SemaphoreSlim slots, CancellationTokenSource failFast, FirstFailure firstFailure, CancellationToken userCancellation)
    {
        try
        {
            await slots.WaitAsync(failFast.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!userCancellation.IsCancellationRequested)
        {
            var skipped = Cancelled(project, firstFailure, started: false, 0);
            progress.Finished(skipped);
            return skipped;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            if (failFast.IsCancellationRequested && !userCancellation.IsCancellationRequested)
            {
                // A slot freed by the failure itself: the image is not started.
                var skipped = Cancelled(project, firstFailure, started: false, 0);
                progress.Finished(skipped);
                return skipped;
            }

            progress.Started(project);
            ReleaseImageResult result;
            try
            {
                result = await publisher.PublishAsync(project, stage => progress.StageStarted(project, stage), failFast.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!userCancellation.IsCancellationRequested)
            {
                result = Cancelled(project, firstFailure, started: true, watch.Elapsed.TotalSeconds);
            }

            if (result.Outcome == ReleaseImageOutcome.Failed && firstFailure.TrySet(project.Name) && plan.FailFast)
            {
                await failFast.CancelAsync().ConfigureAwait(false);
            }

            progress.Finished(result);
            return result;
        }
        finally
        {
            slots.Release();
        }
    }

    private static ReleaseImageResult Cancelled(ReleaseProject project, FirstFailure firstFailure, bool started, double seconds) =>
        ReleaseImageResult.Unrecorded(project, ReleaseImageOutcome.Cancelled, seconds, [started
            ? $"cancelled by --fail-fast while publishing, after {firstFailure.Project ?? "another image"} failed"
            : $"not attempted: --fail-fast, after {firstFailure.Project ?? "another image"} failed"]);

    /// <summary>The first image that failed, named in the reason every cancelled image gives.</summary>
    private sealed class FirstFailure
    {
        private string? project;

        public string? Project => Volatile.Read(ref project);

        public bool TrySet(string name) => Interlocked.CompareExchange(ref project, name, null) is null;
    }
}
