using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Policy;
using SimpleContainer.Security.Tools;
using YamlDotNet.RepresentationModel;

namespace SimpleContainer.Security.Tests.Policy;

/// <summary>
/// <c>sc policy generate</c> without <c>--source</c>: the provenance's source comes from the origin remote of the real
/// git repository (made with git) holding the stack, written as the provenance writes it; without one, a warning says
/// the policy checks the builder id only.
/// </summary>
[TestClass]
public sealed class PolicyGenerateSourceTests
{
    private const string Builder = "https://ci.example/builder";

    private string _root = null!;

    [TestInitialize]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("sc-policy-git-").FullName;

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task The_origin_remote_becomes_the_source_without_its_credentials_and_only_that_repository_is_admitted()
    {
        await WriteStackAsync();
        await GitAsync("init", "-q");
        await GitAsync("remote", "add", "origin", "https://ci-bot:ghp_secret@github.com/org/shop.git");

        var (code, output, error) = await GenerateAsync();

        Assert.AreEqual(0, code, error);
        Assert.AreEqual(string.Empty, error, "a source was found: nothing to warn about");
        Assert.AreEqual("""
            predicateType: "https://slsa.dev/provenance/v1"
            predicate: runDetails: builder: id: "https://ci.example/builder"
            predicate: buildDefinition: resolvedDependencies: [{uri: =~"^(git\\+https://github\\.com/org/shop)(@|$)"}, ...]
            """.ReplaceLineEndings("\n"), CueOf(output).TrimEnd('\n'));
        StringAssert.Contains(output, "length(buildDefinition.resolvedDependencies[?uri == 'git+https://github.com/org/shop' || starts_with(uri, 'git+https://github.com/org/shop@')])");
        Assert.IsFalse(output.Contains("ghp_secret", StringComparison.Ordinal) || output.Contains("ci-bot", StringComparison.Ordinal), "the remote's credentials never reach the policy");
    }

    [TestMethod]
    public async Task An_ssh_remote_admits_the_same_repository_over_ssh_and_https()
    {
        await GitAsync("init", "-q");
        await GitAsync("remote", "add", "origin", "git@github.com:org/shop.git");

        var source = ProvenanceSourceFromGit.Find(Path.Combine(_root, "app"));

        CollectionAssert.AreEqual(new[] { "git+ssh://github.com/org/shop", "git+https://github.com/org/shop" }, source.Repositories.ToArray());
        Assert.IsNull(source.Missing);
    }

    [TestMethod]
    public async Task Without_an_origin_remote_the_policy_checks_the_builder_only_and_a_warning_says_so()
    {
        await WriteStackAsync();
        await GitAsync("init", "-q");
        await GitAsync("remote", "add", "upstream", "https://github.com/org/shop.git");

        var (code, output, error) = await GenerateAsync();

        Assert.AreEqual(0, code, error);
        StringAssert.StartsWith(error, "warning SCSEC1223: The policy checks the provenance's builder.id only, not its source: the git repository holding ");
        StringAssert.Contains(error, "has no 'origin' remote");
        Assert.IsFalse(CueOf(output).Contains("resolvedDependencies", StringComparison.Ordinal));
        Assert.IsFalse(output.Contains("resolvedDependencies", StringComparison.Ordinal), "Kyverno gets no source condition either");
    }

    [TestMethod]
    public async Task Outside_a_git_repository_the_warning_says_there_is_none_and_a_given_source_needs_no_git()
    {
        await WriteStackAsync();

        var (_, _, error) = await GenerateAsync();
        var (code, output, given) = await GenerateAsync("--source", "git+https://github.com/org/");

        StringAssert.Contains(error, "SCSEC1223");
        StringAssert.Contains(error, "there is no git repository at or above");
        Assert.AreEqual(0, code, given);
        Assert.AreEqual(string.Empty, given);
        StringAssert.Contains(CueOf(output), "[{uri: =~\"^git\\\\+https://github\\\\.com/org/\"}, ...]", "a given source stays a prefix");
    }

    private async Task WriteStackAsync()
    {
        var stack = Path.Combine(_root, ".sc", "stacks", "shop");
        Directory.CreateDirectory(stack);
        Directory.CreateDirectory(Path.Combine(_root, "app"));
        await File.WriteAllTextAsync(Path.Combine(stack, "cosign.pub"), SimpleContainer.Security.Signing.Keys.KeyFiles.GenerateCosignKeyPair("pw").PublicKeyPem);
        await File.WriteAllTextAsync(Path.Combine(stack, "client.yaml"), $"""
            stacks:
              prod:
                config:
                  security:
                    signing: {"{"}enabled: true, publicKey: cosign.pub{"}"}
                    provenance: {"{"}enabled: true, builder: {"{"}id: "{Builder}"{"}"}{"}"}
            """);
    }

    private async Task<(int Code, string Output, string Error)> GenerateAsync(params string[] more)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["policy", "generate", "-s", "shop", "-e", "prod", "--project", Path.Combine(_root, "app"), .. more];
        var code = await ScCommandLine.InvokeAsync(args, new CliContext(output, error, _ => null, () => new RegistryClient(new RegistryClientOptions())));
        return (code, output.ToString(), error.ToString());
    }

    private async Task GitAsync(params string[] arguments)
    {
        Directory.CreateDirectory(Path.Combine(_root, "app"));
        var result = await new ToolRunner().RunAsync(new ProcessRequest("git", ["-C", _root, .. arguments]) { Timeout = TimeSpan.FromMinutes(1) }, default);
        Assert.AreEqual(0, result.ExitCode, $"git {string.Join(' ', arguments)}: {result.StandardError}");
    }

    private static string CueOf(string documents)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(documents.Split("\n---\n")[0]));
        var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
        var authority = (YamlMappingNode)((YamlSequenceNode)spec["authorities"])[0];
        var attestation = (YamlMappingNode)((YamlSequenceNode)authority["attestations"])[0];
        return ((YamlScalarNode)((YamlMappingNode)attestation["policy"])["data"]).Value!;
    }
}
