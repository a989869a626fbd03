using System.Globalization;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Policy;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.TestSupport.Validators;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Tests.Policy;

[TestClass]
public sealed class AdmissionPolicyGeneratorTests
{
    private const string ClusterImagePolicySchema = "policy.sigstore.dev_v1beta1_clusterimagepolicy.json";
    private const string KyvernoSchema = "kyverno.io_v1_clusterpolicy.json";

    private string _root = null!;

    [TestInitialize]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("sc-policy-").FullName;

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task The_generated_policies_for_a_key_from_the_stack_yaml_validate_against_both_crds_and_name_that_key()
    {
        var stack = Path.Combine(_root, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        Directory.CreateDirectory(Path.Combine(_root, "app"));
        var pair = KeyFiles.GenerateCosignKeyPair("pw");
        await File.WriteAllTextAsync(Path.Combine(stack, "secrets.yaml"), "values:\n  cosign-private-key: |\n" + string.Concat(pair.PrivateKeyPem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "    " + l + "\n")) + "  cosign-password: pw\n");
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), """
            x-signing: &signing
              enabled: true
              privateKey: ${secret:cosign-private-key}
              password: ${secret:cosign-password}
            stacks:
              prod:
                config:
                  security:
                    signing: *signing
                    provenance:
                      enabled: true
              dev:
                config:
                  security:
                    sbom:
                      enabled: true
            """);

        var (code, output, error) = await RunAsync("policy", "generate", "-s", "shop", "-e", "prod", "--project", Path.Combine(_root, "app"), "--builder-id", "https://ci.example/builder", "--source", "git+https://github.com/org/shop", "--image", "registry.example.com/shop/**");

        Assert.AreEqual(0, code, error);
        var documents = output.Split("\n---\n");
        Assert.AreEqual(2, documents.Length);
        await AssertValidAsync(ClusterImagePolicySchema, documents[0]);
        await AssertValidAsync(KyvernoSchema, documents[1]);
        var publicKey = pair.PublicKeyPem.Trim();
        var cip = ToJson(documents[0]);
        Assert.AreEqual("sc-shop-prod", (string?)cip["metadata"]!["name"]);
        Assert.AreEqual(publicKey, ((string?)cip["spec"]!["authorities"]![0]!["key"]!["data"])!.Trim());
        var policy = cip["spec"]!["authorities"]![0]!["attestations"]![0]!["policy"]!;
        Assert.AreEqual("cue", (string?)policy["type"]);
        StringAssert.Contains((string?)policy["data"], "predicate: runDetails: builder: id: \"https://ci.example/builder\"");
        StringAssert.Contains((string?)policy["data"], "predicate: buildDefinition: resolvedDependencies: [{uri: =~\"^git\\\\+https://github\\\\.com/org/shop\"}, ...]");
        var kyverno = ToJson(documents[1]);
        var verify = kyverno["spec"]!["rules"]![0]!["verifyImages"]![0]!;
        Assert.AreEqual(publicKey, ((string?)verify["attestors"]![0]!["entries"]![0]!["keys"]!["publicKeys"])!.Trim());
        Assert.AreEqual("https://slsa.dev/provenance/v1", (string?)verify["attestations"]![0]!["type"]);
        Assert.IsFalse(output.Contains("PRIVATE", StringComparison.Ordinal));

        var (devCode, _, devError) = await RunAsync("policy", "generate", "-s", "shop", "-e", "dev", "--project", Path.Combine(_root, "app"));
        Assert.AreEqual(ExitCodes.ConfigurationError, devCode);
        StringAssert.Contains(devError, "SCSEC1218");
    }

    [TestMethod]
    public async Task Keyless_policies_name_the_issuer_and_identity_and_validate_against_both_crds()
    {
        var input = new AdmissionPolicyInput
        {
            Name = "sc-keyless",
            Images = ["ghcr.io/org/**"],
            Signer = new PolicySigner(null, "https://token.actions.githubusercontent.com", "^https://github.com/org/shop/.github/workflows/release.yml@refs/heads/main$"),
            Provenance = new ProvenanceRequirement("https://github.com/org/shop/.github/workflows/release.yml@refs/heads/main", null),
        };

        var cip = AdmissionPolicyGenerator.ClusterImagePolicy(input);
        var kyverno = AdmissionPolicyGenerator.KyvernoClusterPolicy(input);

        await AssertValidAsync(ClusterImagePolicySchema, cip);
        await AssertValidAsync(KyvernoSchema, kyverno);
        var identity = ToJson(cip)["spec"]!["authorities"]![0]!["keyless"]!["identities"]![0]!;
        Assert.AreEqual("https://token.actions.githubusercontent.com", (string?)identity["issuer"]);
        Assert.AreEqual(input.Signer.IdentityRegexp, (string?)identity["subjectRegExp"]);
        var keyless = ToJson(kyverno)["spec"]!["rules"]![0]!["verifyImages"]![0]!["attestors"]![0]!["entries"]![0]!["keyless"]!;
        Assert.AreEqual(input.Signer.IdentityRegexp, (string?)keyless["subjectRegExp"]);
    }

    [TestMethod]
    public async Task The_schema_check_rejects_a_misspelt_field()
    {
        var cip = AdmissionPolicyGenerator.ClusterImagePolicy(new AdmissionPolicyInput { Name = "x", Images = ["**"], Signer = new PolicySigner("-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n", null, null) });
        var path = Path.Combine(_root, "bad.json");
        var json = ToJson(cip.Replace("hashAlgorithm", "hashAlgoritm", StringComparison.Ordinal));
        await File.WriteAllTextAsync(path, json.ToJsonString());
        var result = await NodeValidators.ValidateCustomResourceAsync(ClusterImagePolicySchema, path);
        Assert.AreEqual(1, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "hashAlgoritm");
    }

    private async Task AssertValidAsync(string schema, string yaml)
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, ToJson(yaml).ToJsonString());
        var result = await NodeValidators.ValidateCustomResourceAsync(schema, path);
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + "\n" + yaml);
    }

    /// <summary>YAML to JSON with the core schema's plain scalars typed (booleans, integers, null), as the API server reads them.</summary>
    private static JsonNode ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode)!;

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, Convert(e.Value)))),
            YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
            YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
            YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
            YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            YamlScalarNode s => JsonValue.Create(s.Value),
            _ => throw new InvalidOperationException(),
        };
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ScCommandLine.InvokeAsync(args, new CliContext(output, error, _ => null, () => new RegistryClient(new RegistryClientOptions())));
        return (code, output.ToString(), error.ToString());
    }
}
