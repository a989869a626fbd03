using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Tools;

/// <summary>Every guarantee the runner gives the tool backends, checked on real processes.</summary>
[TestClass]
public sealed class ToolRunnerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Passes_arguments_verbatim_stdin_and_environment_and_captures_both_streams()
    {
        var result = await new ToolRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", "cat; echo \"$1|$SC_TEST_VALUE\"; echo oops >&2; exit 3", "sh", "a b;c"])
            {
                StandardInput = "from stdin\n",
                Environment = new Dictionary<string, string?> { ["SC_TEST_VALUE"] = "env ok" },
            },
            TestContext.CancellationToken);

        Assert.AreEqual(3, result.ExitCode);
        Assert.AreEqual("from stdin\na b;c|env ok\n", result.StandardOutput);
        Assert.AreEqual("oops\n", result.StandardError);
    }

    [TestMethod]
    public async Task Every_argument_reaches_the_child_as_one_unchanged_argv_entry()
    {
        string[] arguments = ["", "a b", "\"quoted\"", "back\\slash\\", "trailing\\\\", "$HOME", "`id`", "new\nline", "tab\there", "semi;colon|pipe&", "*", "ünï-🔑"];

        var result = await new ToolRunner().RunAsync(new ProcessRequest("/bin/sh", ["-c", "for a; do printf '%s\\0' \"$a\"; done", "sh", .. arguments]), TestContext.CancellationToken);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        CollectionAssert.AreEqual(arguments, result.StandardOutput.Split('\0')[..^1]);
    }

    [TestMethod]
    public async Task Variables_are_set_and_removed_for_the_child_only()
    {
        var result = await new ToolRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", "echo \"${SC_CHILD_ONLY}|${PATH:+has path}|${HOME:-no home}\""])
            {
                Environment = new Dictionary<string, string?> { ["SC_CHILD_ONLY"] = "child", ["HOME"] = null },
            },
            TestContext.CancellationToken);

        Assert.AreEqual("child|has path|no home\n", result.StandardOutput);
        Assert.IsNull(Environment.GetEnvironmentVariable("SC_CHILD_ONLY"), "our own environment is untouched");
        Assert.IsNotNull(Environment.GetEnvironmentVariable("HOME"));
    }

    [TestMethod]
    public async Task A_missing_program_is_reported_as_not_found()
    {
        var error = await Assert.ThrowsExactlyAsync<ToolNotFoundException>(() => new ToolRunner().RunAsync(new ProcessRequest("sc-no-such-tool-xyz", []), TestContext.CancellationToken));
        Assert.AreEqual("sc-no-such-tool-xyz", error.FileName);
    }

    [TestMethod]
    public async Task A_process_past_its_timeout_is_killed_and_reported()
    {
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => new ToolRunner().RunAsync(new ProcessRequest("sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(200) }, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Cancellation_stops_the_process_and_surfaces_as_cancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<OperationCanceledException>(() => new ToolRunner().RunAsync(new ProcessRequest("sleep", ["30"]), cancellation.Token));
    }

    [TestMethod]
    public async Task The_whole_process_tree_is_killed_on_timeout()
    {
        var folder = Directory.CreateTempSubdirectory("sc-runner-tree-").FullName;
        var pidFile = Path.Combine(folder, "grandchild.pid");

        // The shell starts a grandchild and waits for it; the kill must reach the grandchild too.
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => new ToolRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", $"sleep 60 & echo $! > '{pidFile}'; wait"]) { Timeout = TimeSpan.FromMilliseconds(500) },
            TestContext.CancellationToken));

        var pid = File.ReadAllText(pidFile).Trim();
        Assert.IsTrue(await EndsAsync(pid), "the grandchild was left running");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public async Task Output_is_kept_up_to_the_bound_and_the_rest_is_drained()
    {
        // 4 MiB on one line without a newline on stdout, and plenty on stderr: a line-based reader would hold it all.
        var result = await new ToolRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", "head -c 4194304 /dev/zero | tr '\\0' x; head -c 1048576 /dev/zero | tr '\\0' y >&2; echo done >&2"]) { MaxOutputChars = 1000 },
            TestContext.CancellationToken);

        Assert.AreEqual(0, result.ExitCode, "the child was not blocked on a full pipe");
        Assert.AreEqual(new string('x', 1000), result.StandardOutput);
        Assert.AreEqual(new string('y', 1000), result.StandardError);
    }

    [TestMethod]
    public async Task Secrets_in_stdin_or_the_environment_never_reach_exception_texts()
    {
        const string Secret = "s3cret-value-never-shown";
        var environment = new Dictionary<string, string?> { ["SC_TEST_SECRET"] = Secret };

        var timedOut = await Assert.ThrowsExactlyAsync<TimeoutException>(() => new ToolRunner().RunAsync(
            new ProcessRequest("/bin/sh", ["-c", "sleep 30"]) { StandardInput = Secret, Environment = environment, Timeout = TimeSpan.FromMilliseconds(200) },
            TestContext.CancellationToken));
        var missing = await Assert.ThrowsExactlyAsync<ToolNotFoundException>(() => new ToolRunner().RunAsync(
            new ProcessRequest("sc-no-such-tool-xyz", ["get"]) { StandardInput = Secret, Environment = environment },
            TestContext.CancellationToken));

        foreach (var error in new Exception[] { timedOut, missing })
        {
            Assert.DoesNotContain(Secret, error.ToString());
        }
    }

    // Gone, or a zombie (killed, not yet reaped by whoever adopted it): /proc/PID/stat's third field is Z.
    private static async Task<bool> EndsAsync(string pid)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var stat = Path.Combine("/proc", pid, "stat");
            string text;
            try
            {
                text = await File.ReadAllTextAsync(stat);
            }
            catch (IOException)
            {
                return true;
            }

            if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
