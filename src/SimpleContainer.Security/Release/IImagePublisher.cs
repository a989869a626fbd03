namespace SimpleContainer.Security.Release;

/// <summary>Publishes one project's container image with its security stages and reads back what the publish recorded.</summary>
public interface IImagePublisher
{
    /// <summary>
    /// Never throws for a failed publish: the failure is the result's <see cref="ReleaseImageOutcome.Failed"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <param name="project">The project to publish.</param>
    /// <param name="stageStarted">Told each stage (<see cref="ReleasePlan.Stages"/>) as the publish reaches it, in order.</param>
    /// <param name="cancellationToken">Stops the publish.</param>
    Task<ReleaseImageResult> PublishAsync(ReleaseProject project, Action<string> stageStarted, CancellationToken cancellationToken);
}

/// <summary>What the runner tells about each image as it goes (the CLI's live table or plain lines).</summary>
public interface IReleaseProgress
{
    void Started(ReleaseProject project);

    /// <summary>The publish of <paramref name="project"/> reached <paramref name="stage"/> (build first, then each security stage that runs).</summary>
    void StageStarted(ReleaseProject project, string stage);

    void Finished(ReleaseImageResult result);
}
