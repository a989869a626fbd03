namespace SimpleContainer.Security.Release;

/// <summary>Publishes one project's container image with its security stages and reads back what the publish recorded.</summary>
public interface IImagePublisher
{
    /// <summary>
    /// Never throws for a failed publish: the failure is the result's <see cref="ReleaseImageOutcome.Failed"/>.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<ReleaseImageResult> PublishAsync(ReleaseProject project, CancellationToken cancellationToken);
}

/// <summary>What the runner tells about each image as it goes (the CLI's live table or plain lines).</summary>
public interface IReleaseProgress
{
    void Started(ReleaseProject project);

    void Finished(ReleaseImageResult result);
}
