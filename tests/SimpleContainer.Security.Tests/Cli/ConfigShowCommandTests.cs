using System.Text.Json;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Tests.Cli;

[TestClass]
public sealed class ConfigShowCommandTests
{
    private string _root = null!;

    [TestInitialize]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("sc-config-show-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "app"));
        Directory.CreateDirectory(Path.Combine(_root, ".sc", "stacks", "shop"));
    }

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task Each_value_names_its_source_and_secrets_are_masked()
    {
        var file = Write("""
            security:
              sbom:
                enabled: true
            stacks:
              prod:
                config:
                  security:
                    scan:
                      failOn: high
                      upload:
                        defectdojo:
                          url: https://dd.example
                          product: ${secret:dd-product}
                          apiKey: ${secret:dd-api-key}
            """);
        File.WriteAllText(Path.Combine(_root, ".sc", "stacks", "shop", "secrets.yaml"), "values:\n  dd-product: very-secret-product\n  dd-api-key: very-secret-key\n");

        var (code, output, error) = await RunAsync("config", "show", "-s", "shop", "-e", "prod", "--project", Path.Combine(_root, "app"), "--output", "json");

        Assert.AreEqual(0, code, error);
        using var json = JsonDocument.Parse(output);
        var settings = json.RootElement.GetProperty("settings").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e);
        Assert.AreEqual(file + ":3:14", settings["sbom.enabled"].GetProperty("source").GetString());
        Assert.AreEqual("yaml", settings["sbom.enabled"].GetProperty("origin").GetString());
        Assert.AreEqual(file + ":9:19", settings["scan.failOn"].GetProperty("source").GetString());
        Assert.AreEqual("default", settings["scan.warnOn"].GetProperty("source").GetString());
        Assert.AreEqual("--stack", settings["stack"].GetProperty("source").GetString());
        Assert.AreEqual("ScScanFailOn", settings["scan.failOn"].GetProperty("property").GetString());
        Assert.AreEqual("***", settings["scan.upload.defectdojo.product"].GetProperty("value").GetString());
        Assert.AreEqual("${secret:dd-api-key}", settings["scan.upload.defectdojo.apiKey"].GetProperty("value").GetString());
        Assert.IsFalse(output.Contains("very-secret", StringComparison.Ordinal) || error.Contains("very-secret", StringComparison.Ordinal));

        var (textCode, text, _) = await RunAsync("config", "show", "-c", file, "-e", "prod", "--project", Path.Combine(_root, "app"));
        Assert.AreEqual(0, textCode);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"scan\.failOn +high +" + System.Text.RegularExpressions.Regex.Escape(file) + ":9:19"));
    }

    [TestMethod]
    public async Task An_unknown_key_warns_on_stderr_and_a_bad_value_exits_3_with_file_line_column()
    {
        var file = Write("security:\n  sbom:\n    enabeld: true\n");
        var (code, _, error) = await RunAsync("config", "show", "-s", "shop", "--project", Path.Combine(_root, "app"));
        Assert.AreEqual(0, code);
        StringAssert.Contains(error, $"warning SCSEC1207: {file}:3:5: 'sbom.enabeld' is not a security setting; it is ignored. Did you mean 'sbom.enabled'?");

        Write("security:\n  scan:\n    failOn: hihg\n");
        var (bad, _, badError) = await RunAsync("config", "show", "-s", "shop", "--project", Path.Combine(_root, "app"));
        Assert.AreEqual(ExitCodes.ConfigurationError, bad);
        StringAssert.Contains(badError, $"SCSEC1100: 'hihg' is not a valid value for {file}:3:13. Allowed: critical, high, medium, low, negligible, unknown, or none");
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_root, ".sc", "stacks", "shop", "client.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, _ => null, () => new RegistryClient(new RegistryClientOptions()));
        var code = await ScCommandLine.InvokeAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }
}
