using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>
/// A publish configured only by a Simple Container stack: ScSecurityStack and ScSecurityEnvironment, nothing else. The
/// cosign key (made by cosign) and its password are ${secret:…} values of the stack's secrets.yaml; cosign verifies.
/// </summary>
[TestClass]
public sealed class PublishStackYamlTests
{
    private const string Password = "stack-yaml-pass";

    private const string ClientYaml = """
        schemaVersion: 1.0
        x-security: &secured
          sbom:
            enabled: true
            required: true
          signing: &signing
            enabled: true
            required: true
            privateKey: ${secret:cosign-private-key}
            password: ${secret:cosign-password}
        stacks:
          production:
            type: cloud-compose
            config:
              security:
                <<: *secured
          preview:
            type: cloud-compose
            config:
              security:
                <<: *secured
                sbom:
                  enabled: false
                signing:
                  <<: *signing
                  enabled: false
        """;

    private static string? keyFolder;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [ClassInitialize]
    public static async Task CreateKeyAsync(TestContext context)
    {
        keyFolder = Directory.CreateTempSubdirectory("sc-stack-keys-").FullName;
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keyFolder, "cosign")], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
    }

    [TestMethod]
    public async Task Only_the_stack_configures_the_publish_production_is_signed_with_an_sbom_and_preview_is_not()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "stack-yaml");
        var stack = Path.Combine(app.Directory, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), ClientYaml);
        var pem = await File.ReadAllTextAsync(Path.Combine(keyFolder!, "cosign.key"));
        await File.WriteAllTextAsync(Path.Combine(stack, "secrets.yaml"), "values:\n  cosign-private-key: |\n" + string.Concat(pem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n")) + $"  cosign-password: {Password}\n");

        var production = await PublishAsync(app, "production", "it/stack-production");

        Assert.AreEqual(0, production.ExitCode, production.StandardOutput);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        var verified = await PeerTools.CosignAsync(["verify", "--key", Path.Combine(keyFolder!, "cosign.pub"), "--insecure-ignore-tlog=true", "--allow-http-registry", record.Reference!]);
        Assert.AreEqual(0, verified.ExitCode, verified.StandardError);
        Assert.AreEqual(1, Directory.EnumerateFiles(app.SecurityFolder(), "*." + SecurityArtifactLayout.CycloneDxExtension).Count(), "the SBOM of production");
        AssertNoSecretIn(production.StandardOutput, pem);

        var preview = await PublishAsync(app, "preview", "it/stack-preview");

        Assert.AreEqual(0, preview.ExitCode, preview.StandardOutput);
        var previewRecord = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        StringAssert.Contains(previewRecord.Reference!, "it/stack-preview");
        using var client = AssemblySetup.Registries.CreatePlainClient();
        Assert.AreEqual(0, (await new CosignTagLayout(client).ReadAsync(ImageReference.Parse(previewRecord.Reference!), default)).Count, "preview is not signed");
        Assert.AreEqual(0, Directory.EnumerateFiles(app.SecurityFolder(), "*." + SecurityArtifactLayout.CycloneDxExtension).Count(), "nor has an SBOM");
        Assert.IsFalse(File.Exists(Path.Combine(app.SecurityFolder(), SecurityArtifactLayout.SignatureRecordFileName)));
        AssertNoSecretIn(preview.StandardOutput, pem);
    }

    [TestMethod]
    public async Task A_bad_value_in_the_stack_fails_the_publish_at_file_line_column()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "stack-yaml-bad");
        var stack = Path.Combine(app.Directory, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), "stacks:\n  production:\n    config:\n      security:\n        sbom:\n          enabled: ture\n");

        var result = await PublishAsync(app, "production", "it/stack-bad");

        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Contains(result.StandardOutput, $"error SCSEC1100: 'ture' is not a valid value for {Path.Combine(stack, "client.yaml")}:6:20. Allowed: true or false");
    }

    private static void AssertNoSecretIn(string log, string pem)
    {
        Assert.IsFalse(log.Contains(Password, StringComparison.Ordinal), "the password never reaches the log");
        var body = pem.Split('\n')[2];
        Assert.IsFalse(log.Contains(body, StringComparison.Ordinal), "the key never reaches the log");
    }

    private static Task<ProcessResult> PublishAsync(SampleApp app, string environment, string repository) =>
        DotnetCli.RunAsync(
            app.Directory,
            ["publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false", "-v:d",
                "-p:ScSecurityStack=shop", $"-p:ScSecurityEnvironment={environment}", $"-p:ContainerRegistry={Host}", $"-p:ContainerRepository={repository}"],
            new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host, ["COSIGN_PASSWORD"] = null });
}
