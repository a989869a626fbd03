using SimpleContainer.Security.Cli;

namespace SimpleContainer.Security.Tests.Cli;

[TestClass]
public sealed class ScCommandLineTests
{
    [TestMethod]
    public async Task Version_prints_the_assembly_version_and_exits_zero()
    {
        var (code, output, _) = await RunAsync("--version");
        Assert.AreEqual(ExitCodes.Ok, code);
        StringAssert.Matches(output.Trim(), new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
    }

    [TestMethod]
    public async Task Help_describes_the_tool_and_exits_zero()
    {
        var (code, output, _) = await RunAsync("--help");
        Assert.AreEqual(ExitCodes.Ok, code);
        StringAssert.Contains(output, "supply-chain security for .NET container images");
        StringAssert.Contains(output, "--version");
    }

    [TestMethod]
    public async Task An_unknown_command_is_an_error_with_a_nonzero_exit_code()
    {
        var (code, _, error) = await RunAsync("no-such-command");
        Assert.AreNotEqual(ExitCodes.Ok, code);
        StringAssert.Contains(error, "no-such-command");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ScCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
