using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Tools;

[TestClass]
public sealed class ProcessRunnerTests
{
    [TestMethod]
    public async Task Passes_arguments_verbatim_stdin_and_environment_and_captures_both_streams()
    {
        var result = await new ProcessRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", "cat; echo \"$1|$SC_TEST_VALUE\"; echo oops >&2; exit 3", "sh", "a b;c"])
            {
                StandardInput = "from stdin\n",
                Environment = new Dictionary<string, string?> { ["SC_TEST_VALUE"] = "env ok" },
            },
            CancellationToken.None);

        Assert.AreEqual(3, result.ExitCode);
        Assert.AreEqual("from stdin\na b;c|env ok\n", result.StandardOutput);
        Assert.AreEqual("oops\n", result.StandardError);
    }

    [TestMethod]
    public async Task A_missing_program_is_reported_as_not_found()
    {
        var error = await Assert.ThrowsExactlyAsync<ToolNotFoundException>(() => new ProcessRunner().RunAsync(new ProcessRequest("sc-no-such-tool-xyz", []), CancellationToken.None));
        Assert.AreEqual("sc-no-such-tool-xyz", error.FileName);
    }

    [TestMethod]
    public async Task A_process_past_its_timeout_is_killed_and_reported()
    {
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => new ProcessRunner().RunAsync(new ProcessRequest("sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None));
    }

    [TestMethod]
    public async Task Cancellation_stops_the_process_and_surfaces_as_cancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<OperationCanceledException>(() => new ProcessRunner().RunAsync(new ProcessRequest("sleep", ["30"]), cancellation.Token));
    }
}
