using System.Text.Json;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Release;

/// <summary><c>sc release create --preview</c> on the checked-in tests/release-solution: evaluation only, nothing built.</summary>
[TestClass]
public sealed class ReleasePreviewTests
{
    private static string Solution => Path.Combine(RepositoryLayout.Root, "tests", "release-solution", "ReleaseSample.slnx");

    [TestMethod]
    public async Task Preview_lists_the_three_services_with_the_version_tag_and_the_library_and_test_project_left_out_with_why()
    {
        var (code, output, error) = await RunAsync("release", "create", "-s", "prod", "-e", "live", "--version", "1.2.0", "--solution", Solution, "--preview", "--parallel", "2");

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "3 image(s), 2 at a time; stages build → sbom → scan → sign → attest.");
        StringAssert.Contains(output, "publish  Billing.Worker: release/billing-worker:latest,1.2.0 (Microsoft.NET.Sdk.Worker)");
        StringAssert.Contains(output, "publish  Catalog.Service: release/catalog-service:stable,1.2.0 (ContainerRepository=release/catalog-service)");
        StringAssert.Contains(output, "publish  Orders.Api: release/orders-api:latest,1.2.0 (Microsoft.NET.Sdk.Web)");
        StringAssert.Contains(output, "left out Shared: library (OutputType=Library)");
        StringAssert.Contains(output, "left out Shared.Tests: test project (IsTestProject=true)");
    }

    [TestMethod]
    public async Task Preview_as_json_and_project_narrows_the_plan()
    {
        var (code, output, error) = await RunAsync("release", "create", "-s", "prod", "-e", "live", "--version", "1.2.0", "--solution", Solution, "--preview", "--output", "json", "--project", "Orders.Api");

        Assert.AreEqual(0, code, error);
        using var plan = JsonDocument.Parse(output);
        Assert.AreEqual("Orders.Api", plan.RootElement.GetProperty("projects").EnumerateArray().Single().GetProperty("name").GetString());
        var excluded = plan.RootElement.GetProperty("excluded").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("reason").GetString()!);
        Assert.AreEqual("not named by --project", excluded["Catalog.Service"]);
    }

    [TestMethod]
    [DataRow("SCSEC8004", "--project", "Nope")]
    [DataRow("SCSEC8001", "--version", "1..2")]
    [DataRow("SCSEC8005", "--parallel", "0")]
    public async Task Bad_input_is_a_configuration_error_with_its_code(string code, string option, string value)
    {
        var arguments = new List<string> { "release", "create", "-s", "prod", "-e", "live", "--solution", Solution, "--preview" };
        if (option != "--version")
        {
            arguments.AddRange(["--version", "1.0.0"]);
        }

        arguments.AddRange([option, value]);
        var (exit, _, error) = await RunAsync([.. arguments]);

        Assert.AreEqual(ExitCodes.ConfigurationError, exit, error);
        StringAssert.Contains(error, code);
    }

    [TestMethod]
    public async Task A_path_that_is_no_solution_project_or_folder_is_refused()
    {
        var (exit, _, error) = await RunAsync("release", "create", "-s", "prod", "-e", "live", "--version", "1.0.0", "--solution", "/nonexistent/x.slnx", "--preview");

        Assert.AreEqual(ExitCodes.ConfigurationError, exit);
        StringAssert.Contains(error, "SCSEC8002");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ScCommandLine.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
