using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Tests.Tools;

/// <summary>
/// Children do not inherit secrets: with the key password, the DefectDojo API key and the registry credentials in
/// this process's environment (as in CI), each tool backend's child sees only what it needs. The secrets are set
/// in the real environment, so these tests run alone.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ChildEnvironmentTests
{
    private const string Password = "key-password-from-ci";
    private const string ApiKey = "defectdojo-key-from-ci";
    private const string RegistryPassword = "push-token-from-ci";

    private static readonly Dictionary<string, string> Secrets = new()
    {
        [SigningPassword.Variable] = Password,
        [DefectDojoSettings.ApiKeyVariable] = ApiKey,
        [EnvironmentCredentialProvider.UserVariable] = "ci-user",
        [EnvironmentCredentialProvider.PasswordVariable] = RegistryPassword,
    };

    private DirectoryInfo _folder = null!;

    public TestContext TestContext { get; set; } = null!;

    private string Dump => Path.Combine(_folder.FullName, "environment.txt");

    [TestInitialize]
    public void SetSecrets()
    {
        _folder = Directory.CreateTempSubdirectory("sc-child-env-");
        foreach (var (name, value) in Secrets)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    [TestCleanup]
    public void ClearSecrets()
    {
        foreach (var name in Secrets.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _folder.Delete(recursive: true);
    }

    [TestMethod]
    public async Task A_plain_child_gets_none_of_the_secrets_but_keeps_the_rest()
    {
        var result = await new ToolRunner().RunAsync(new ProcessRequest("/usr/bin/env", []), TestContext.CancellationToken);

        var environment = Parse(result.StandardOutput);
        AssertNoSecret(environment);
        Assert.AreEqual(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
    }

    [TestMethod]
    public async Task Cosign_gets_the_key_password_it_signs_with_and_nothing_else()
    {
        var cosign = Script("cosign", $"env > '{Dump}'");
        var signer = new CosignCliSigner(new ToolRunner(), RegistryTransportPolicy.FromEnvironment(_ => null), name => name == CosignCliSigner.PathVariable ? cosign : null);

        await signer.SignAsync([ImageReference.Parse("registry.example/app@sha256:" + new string('a', 64))], new SigningOptions { KeyPath = "/keys/cosign.key" }, "resolved-password", TestContext.CancellationToken);

        var environment = Parse(File.ReadAllText(Dump));
        Assert.AreEqual("resolved-password", environment[SigningPassword.Variable], "the password the signer resolved, not the inherited one");
        Assert.IsFalse(environment.ContainsKey(DefectDojoSettings.ApiKeyVariable));
        Assert.IsFalse(environment.ContainsKey(EnvironmentCredentialProvider.PasswordVariable));
        Assert.IsFalse(environment.ContainsKey(EnvironmentCredentialProvider.UserVariable));
    }

    [TestMethod]
    public async Task A_credential_helper_gets_none_of_the_secrets()
    {
        Script("docker-credential-store", $"env > '{Dump}'; echo '{{\"Username\":\"u\",\"Secret\":\"s\"}}'");
        var config = Path.Combine(_folder.FullName, "config.json");
        File.WriteAllText(config, """{"credsStore":"store"}""");
        var provider = new DockerConfigCredentialProvider(config, helperExecutable: name => Path.Combine(_folder.FullName, "docker-credential-" + name));

        Assert.AreEqual(new RegistryCredential("u", "s"), await provider.GetCredentialAsync("registry.example", TestContext.CancellationToken));
        AssertNoSecret(Parse(File.ReadAllText(Dump)));
    }

    [TestMethod]
    public async Task A_scanner_gets_none_of_the_secrets()
    {
        var grype = Script("grype", $"env > '{Dump}'; echo '{{\"matches\":[]}}'");

        var result = await new GrypeScanner(new ToolRunner(), name => name == "SC_GRYPE_PATH" ? grype : null)
            .ScanAsync(new ScanRequest { Target = new ScanTarget { Name = "app", Packages = [] }, SbomPath = "/tmp/sbom.json" }, TestContext.CancellationToken);

        Assert.IsTrue(File.Exists(Dump), result.Run.Error);
        AssertNoSecret(Parse(File.ReadAllText(Dump)));
    }

    private static void AssertNoSecret(Dictionary<string, string> environment)
    {
        foreach (var name in Secrets.Keys)
        {
            Assert.IsFalse(environment.ContainsKey(name), $"{name} reached the child");
        }

        foreach (var value in new[] { Password, ApiKey, RegistryPassword })
        {
            Assert.IsFalse(environment.Values.Any(v => v.Contains(value, StringComparison.Ordinal)), "a secret value reached the child");
        }
    }

    private static Dictionary<string, string> Parse(string envOutput) =>
        envOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .GroupBy(parts => parts[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
