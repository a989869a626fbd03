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
    public async Task An_unknown_command_is_a_configuration_error()
    {
        var (code, _, error) = await RunAsync("no-such-command");
        Assert.AreEqual(ExitCodes.ConfigurationError, code);
        StringAssert.Contains(error, "no-such-command");
    }

    [TestMethod]
    [DataRow("--fail-on", "hihg", "critical, high, medium, low, negligible, unknown, or none")]
    [DataRow("--tools", "grpye", "builtin, grype or trivy")]
    [DataRow("--max-database-age", "0", "a number of days greater than 0")]
    [DataRow("--warn-on", "severe", "critical, high, medium, low, negligible, unknown, or none")]
    public async Task A_bad_scan_flag_exits_3_naming_the_flag_and_the_allowed_values(string flag, string value, string allowed)
    {
        var (code, _, error) = await RunAsync("image", "scan", "--sbom", "/nonexistent/sbom.cdx.json", flag, value);

        Assert.AreEqual(ExitCodes.ConfigurationError, code, error);
        StringAssert.Contains(error, $"SCSEC1100: '{value}' is not a valid value for {flag}. Allowed: {allowed}");
    }

    [TestMethod]
    [DataRow("image", "sign", "--image", "localhost:5000/a/b:1", "--key", "/nonexistent/cosign.key", "--format", "bundel")]
    [DataRow("stack", "sign", "--root", "/nonexistent", "--key", "/nonexistent/cosign.key", "--format", "bundel")]
    [DataRow("sbom", "generate", "--image", "localhost:5000/a/b:1", "--format", "bundel")]
    [DataRow("db", "status", "--max-age", "0")]
    public async Task A_bad_value_exits_3_in_every_command(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.AreEqual(ExitCodes.ConfigurationError, code, error);
        StringAssert.Contains(error, "SCSEC1100: ");
    }

    [TestMethod]
    [DataRow("image", "scan", "--max-age", "3")]
    [DataRow("stack", "sign", "--key", "k", "--no-such-option")]
    [DataRow("image", "verify")]
    public async Task A_usage_error_is_a_configuration_error_and_exits_3(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.AreEqual(ExitCodes.ConfigurationError, code, error);
        StringAssert.Contains(error, "SCSEC1101: ");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ScCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
