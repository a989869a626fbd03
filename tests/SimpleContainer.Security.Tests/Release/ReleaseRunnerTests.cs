using System.Collections.Concurrent;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
public sealed class ReleaseRunnerTests
{
    [TestMethod]
    public async Task Default_mode_attempts_every_image_and_the_release_fails_at_the_end()
    {
        var publisher = new ScriptedPublisher(failing: "b");
        var summary = await new ReleaseRunner(publisher, new RecordingProgress()).RunAsync(Plan(parallelism: 1, failFast: false, "a", "b", "c"), null, default);

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, publisher.Attempted.ToArray());
        Assert.AreEqual(ReleaseImageOutcome.Succeeded, summary.Images[0].Outcome);
        Assert.AreEqual(ReleaseImageOutcome.Failed, summary.Images[1].Outcome);
        Assert.AreEqual(ReleaseImageOutcome.Succeeded, summary.Images[2].Outcome, "the image after the failure still finished and is reported");
        Assert.IsFalse(summary.Succeeded);
    }

    [TestMethod]
    public async Task Fail_fast_cancels_the_running_publishes_and_never_starts_the_rest_naming_the_first_failure()
    {
        var publisher = new ScriptedPublisher(failing: "a", blockUntilCancelled: "b");
        var progress = new RecordingProgress();
        var summary = await new ReleaseRunner(publisher, progress).RunAsync(Plan(parallelism: 2, failFast: true, "a", "b", "c"), null, default);

        Assert.AreEqual(ReleaseImageOutcome.Failed, summary.Images[0].Outcome);
        Assert.AreEqual(ReleaseImageOutcome.Cancelled, summary.Images[1].Outcome);
        StringAssert.Contains(summary.Images[1].Errors.Single(), "cancelled by --fail-fast while publishing, after a failed");
        Assert.AreEqual(ReleaseImageOutcome.Cancelled, summary.Images[2].Outcome);
        StringAssert.Contains(summary.Images[2].Errors.Single(), "not attempted");
        Assert.IsFalse(publisher.Attempted.Contains("c"), "c never started");
        Assert.HasCount(3, progress.Finished, "every image is reported, the cancelled ones too");
    }

    [TestMethod]
    public async Task Parallelism_is_bounded()
    {
        var publisher = new ScriptedPublisher(failing: null);
        await new ReleaseRunner(publisher, new RecordingProgress()).RunAsync(Plan(parallelism: 2, failFast: false, "a", "b", "c", "d", "e"), null, default);

        Assert.HasCount(5, publisher.Attempted);
        Assert.IsLessThanOrEqualTo(2, publisher.MostAtOnce);
        Assert.AreEqual(2, publisher.MostAtOnce, "two ran at once");
    }

    [TestMethod]
    public async Task The_users_cancellation_stops_everything_and_throws_so_no_summary_exists()
    {
        using var cancel = new CancellationTokenSource();
        var publisher = new ScriptedPublisher(failing: null, blockUntilCancelled: "a", onStarted: name => { if (name == "a") { cancel.Cancel(); } });

        await Assert.ThrowsAsync<OperationCanceledException>(() => new ReleaseRunner(publisher, new RecordingProgress()).RunAsync(Plan(parallelism: 1, failFast: false, "a", "b"), null, cancel.Token));
        Assert.IsFalse(publisher.Attempted.Contains("b"));
    }

    internal static ReleasePlan Plan(int parallelism, bool failFast, params string[] names) =>
        new("prod", "live", "1.0.0", "/src/x.slnx", [.. names.Select(n => new ReleaseProject(n, $"/src/{n}/{n}.csproj", "localhost:5000", $"release/{n}", ["latest", "1.0.0"], "Microsoft.NET.Sdk.Web"))], [], parallelism, failFast);

    private sealed class RecordingProgress : IReleaseProgress
    {
        public ConcurrentBag<string> Finished { get; } = [];

        public void Started(ReleaseProject project)
        {
        }

        public void StageStarted(ReleaseProject project, string stage)
        {
        }

        void IReleaseProgress.Finished(ReleaseImageResult result) => Finished.Add(result.Project);
    }

    /// <summary>Succeeds, fails or waits for cancellation per project name; records the order and the most running at once.</summary>
    private sealed class ScriptedPublisher(string? failing, string? blockUntilCancelled = null, Action<string>? onStarted = null) : IImagePublisher
    {
        private readonly Lock gate = new();
        private int running;

        public List<string> Attempted { get; } = [];

        public int MostAtOnce { get; private set; }

        public async Task<ReleaseImageResult> PublishAsync(ReleaseProject project, Action<string> stageStarted, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                Attempted.Add(project.Name);
                running++;
                MostAtOnce = Math.Max(MostAtOnce, running);
            }

            try
            {
                onStarted?.Invoke(project.Name);
                if (project.Name == blockUntilCancelled)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                // Yield so that publishes overlap when the runner lets them.
                await Task.Yield();
                await Task.Delay(20, cancellationToken);
                return new ReleaseImageResult
                {
                    Project = project.Name,
                    ProjectPath = project.ProjectPath,
                    Outcome = project.Name == failing ? ReleaseImageOutcome.Failed : ReleaseImageOutcome.Succeeded,
                    Errors = project.Name == failing ? ["error SCSEC4001: the gate failed"] : [],
                };
            }
            finally
            {
                lock (gate)
                {
                    running--;
                }
            }
        }
    }
}
