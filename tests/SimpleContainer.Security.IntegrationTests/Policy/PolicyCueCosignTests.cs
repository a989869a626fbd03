using SimpleContainer.Security.TestSupport.Signing;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.IntegrationTests.Policy;

/// <summary>
/// The provenance policy (CUE) <c>sc policy generate</c> writes into the ClusterImagePolicy, run by cosign 2.5 itself
/// (<c>verify-attestation --policy</c>): it passes for an image attested by the configured builder from the configured
/// source, and fails for one attested by another builder. The attestations are made by cosign with the stack's key.
/// </summary>
[TestClass]
public sealed class PolicyCueCosignTests
{
    private const string Password = "policy-rego-pass";
    private const string Builder = "https://ci.example.com/sc-builder";
    private const string Source = "git+https://github.com/example/shop";

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Cosign_verify_attestation_with_the_generated_policy_passes_for_our_builder_and_fails_for_another()
    {
        var root = Directory.CreateTempSubdirectory("sc-policy-rego-").FullName;
        var stack = Path.Combine(root, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        var key = Path.Combine(stack, "cosign");
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", key], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), """
            stacks:
              production:
                config:
                  security:
                    signing:
                      enabled: true
                      publicKey: cosign.pub
                    provenance:
                      enabled: true
            """);

        var (code, output, error) = await Sc.RunAsync("policy", "generate", "-s", "shop", "-e", "production", "--project", root, "--kind", "policy-controller", "--builder-id", Builder, "--source", Source);
        Assert.AreEqual(0, code, error);
        var policy = Path.Combine(root, "provenance.cue");
        await File.WriteAllTextAsync(policy, CueOf(output));

        var ours = await AttestedImageAsync("it/policy-ours", Builder, key, root);
        var theirs = await AttestedImageAsync("it/policy-theirs", "https://elsewhere.example.com/builder", key, root);

        var passed = await VerifyAttestationAsync(ours, key + ".pub", policy);
        Assert.AreEqual(0, passed.ExitCode, passed.StandardError);
        var failed = await VerifyAttestationAsync(theirs, key + ".pub", policy);
        Assert.AreNotEqual(0, failed.ExitCode, "another builder's provenance must not pass");
        StringAssert.Contains(failed.StandardError, "elsewhere.example.com", "cosign names the value the policy refused");
    }

    [TestMethod]
    public async Task Without_source_the_policy_names_the_git_origin_and_cosign_admits_that_source_only()
    {
        var root = Directory.CreateTempSubdirectory("sc-policy-git-").FullName;
        var stack = Path.Combine(root, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        var key = Path.Combine(stack, "cosign");
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", key], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), $$"""
            stacks:
              production:
                config:
                  security:
                    signing: {enabled: true, publicKey: cosign.pub}
                    provenance:
                      enabled: true
                      builder: {id: "{{Builder}}" }
            """);
        await GitAsync(root, "init", "-q");
        await GitAsync(root, "remote", "add", "origin", "https://github.com/example/shop.git");

        var (code, output, error) = await Sc.RunAsync("policy", "generate", "-s", "shop", "-e", "production", "--project", root, "--kind", "policy-controller");
        Assert.AreEqual(0, code, error);
        Assert.IsFalse(error.Contains("SCSEC1223", StringComparison.Ordinal), error);
        var cue = CueOf(output);
        StringAssert.Contains(cue, "git\\\\+https://github\\\\.com/example/shop)(@|$)", "the policy names the origin as the provenance records it");
        var policy = Path.Combine(root, "provenance.cue");
        await File.WriteAllTextAsync(policy, cue);

        var ours = await AttestedImageAsync("it/policy-git-ours", Builder, key, root, Source + "@refs/heads/main");
        var fork = await AttestedImageAsync("it/policy-git-fork", Builder, key, root, Source + "-fork@refs/heads/main");
        var other = await AttestedImageAsync("it/policy-git-other", Builder, key, root, "git+https://github.com/elsewhere/shop@refs/heads/main");

        var passed = await VerifyAttestationAsync(ours, key + ".pub", policy);
        Assert.AreEqual(0, passed.ExitCode, passed.StandardError);
        foreach (var (image, refused) in new[] { (fork, "example/shop-fork@"), (other, "elsewhere/shop@") })
        {
            var failed = await VerifyAttestationAsync(image, key + ".pub", policy);
            Assert.AreNotEqual(0, failed.ExitCode, $"{image}: provenance from another source must not pass");
            StringAssert.Contains(failed.StandardError, refused, "cosign names the source the policy refused");
        }
    }

    private static async Task GitAsync(string folder, params string[] arguments)
    {
        var result = await new SimpleContainer.Security.Tools.ToolRunner().RunAsync(new SimpleContainer.Security.Tools.ProcessRequest("git", ["-C", folder, .. arguments]) { Timeout = TimeSpan.FromMinutes(1) }, default);
        Assert.AreEqual(0, result.ExitCode, $"git {string.Join(' ', arguments)}: {result.StandardError}");
    }

    private static string CueOf(string clusterImagePolicy)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(clusterImagePolicy));
        var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
        var authority = (YamlMappingNode)((YamlSequenceNode)spec["authorities"])[0];
        var attestation = (YamlMappingNode)((YamlSequenceNode)authority["attestations"])[0];
        Assert.AreEqual("cue", ((YamlScalarNode)((YamlMappingNode)attestation["policy"])["type"]).Value);
        return ((YamlScalarNode)((YamlMappingNode)attestation["policy"])["data"]).Value!;
    }

    private static async Task<string> AttestedImageAsync(string repository, string builderId, string key, string folder, string sourceUri = Source + "@refs/heads/main")
    {
        var image = $"{Host}/{repository}:1";
        var copied = await PeerTools.SkopeoAsync(["copy", "--insecure-policy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{Host}/fixtures/dotnet-runtime:10.0", $"docker://{image}"]);
        Assert.AreEqual(0, copied.ExitCode, copied.StandardError);
        var predicate = Path.Combine(folder, repository.Replace('/', '-') + ".json");
        await File.WriteAllTextAsync(predicate, $$"""
            {
              "buildDefinition": {
                "buildType": "https://simple-container.com/security/dotnet-publish/v1",
                "externalParameters": {"project": "App.csproj"},
                "resolvedDependencies": [{"uri": "{{sourceUri}}", "digest": {"gitCommit": "0123456789abcdef0123456789abcdef01234567"} } ]
              },
              "runDetails": {"builder": {"id": "{{builderId}}"}, "metadata": {"invocationId": "1"} }
            }
            """);
        var attested = await PeerTools.CosignAsync(
            ["attest", "--key", key + ".key", "--predicate", predicate, "--type", "slsaprovenance1", "--tlog-upload=false", "--yes", "--allow-http-registry", image],
            new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, attested.ExitCode, attested.StandardError);
        return image;
    }

    private static Task<SimpleContainer.Security.Tools.ProcessResult> VerifyAttestationAsync(string image, string publicKey, string policy) =>
        PeerTools.CosignAsync(["verify-attestation", "--key", publicKey, "--type", "slsaprovenance1", "--policy", policy, "--insecure-ignore-tlog=true", "--allow-http-registry", image]);
}
