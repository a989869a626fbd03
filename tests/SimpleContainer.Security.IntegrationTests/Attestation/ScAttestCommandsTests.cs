using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Attestation;

/// <summary><c>sc sbom attach|verify</c> and <c>sc provenance attach|verify</c> against a real registry, checked by cosign 2.5.</summary>
[TestClass]
public sealed class ScAttestCommandsTests
{
    private const string Password = "sc-attest-pass";

    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Sc_sbom_attach_writes_what_cosign_and_sc_sbom_verify_accept_and_the_output_is_the_sbom()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var (key, publicKey) = await KeyPairAsync();
        var image = await PushImageAsync(client, "cli/sbom");
        var sbom = Path.Combine(Path.GetDirectoryName(key)!, "sbom.spdx.json");
        await File.WriteAllTextAsync(sbom, """{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"app","documentNamespace":"https://example.com/app","creationInfo":{"created":"2026-12-05T00:00:00Z","creators":["Tool: test"]},"packages":[]}""");

        var attached = await Sc.RunAsync(Env, "sbom", "attach", "--image", image.ToString(), "--sbom", sbom, "--key", key);

        Assert.AreEqual(0, attached.Code, attached.Error);
        var cosign = await AttestationInteropTests.CosignVerifyAttestationAsync(image, publicKey, "--type", "spdxjson");
        Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
        var output = Path.Combine(Path.GetDirectoryName(key)!, "verified.json");
        var verified = await Sc.RunAsync("sbom", "verify", "--image", image.ToString(), "--key", publicKey, "--output", output);
        Assert.AreEqual(0, verified.Code, verified.Output + verified.Error);
        StringAssert.Contains(File.ReadAllText(output), "SPDX-2.3");
        var wrongType = await Sc.RunAsync("sbom", "verify", "--image", image.ToString(), "--key", publicKey, "--type", "cyclonedx");
        Assert.AreEqual(1, wrongType.Code);
        StringAssert.Contains(wrongType.Error, "SCSEC6002");
    }

    [TestMethod]
    public async Task Sc_provenance_verify_names_the_failed_check_and_cosign_accepts_what_sc_provenance_attach_wrote()
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var (key, publicKey) = await KeyPairAsync();
        var image = await PushImageAsync(client, "cli/provenance");
        const string builder = "https://builders.example.com/ci@v1";
        const string commit = "0123456789abcdef0123456789abcdef01234567";

        var attached = await Sc.RunAsync(Env, "provenance", "attach", "--image", image.ToString(), "--key", key, "--builder-id", builder, "--source-repo", "https://github.com/org/app", "--git-sha", commit, "--workflow-name", "release");

        Assert.AreEqual(0, attached.Code, attached.Error);
        Assert.AreEqual(0, (await AttestationInteropTests.CosignVerifyAttestationAsync(image, publicKey, "--type", "slsaprovenance1")).ExitCode);
        var ok = await Sc.RunAsync("provenance", "verify", "--image", image.ToString(), "--key", publicKey, "--expected-builder-id", builder, "--expected-source-uri", "https://github.com/org/app", "--expected-commit", commit);
        Assert.AreEqual(0, ok.Code, ok.Output + ok.Error);
        var otherBuilder = await Sc.RunAsync("provenance", "verify", "--image", image.ToString(), "--key", publicKey, "--expected-builder-id", "https://evil.example/builder");
        Assert.AreEqual(1, otherBuilder.Code);
        StringAssert.Contains(otherBuilder.Output, "expectations check failed: the builder id");
        var (_, otherKey) = await KeyPairAsync();
        var wrongKey = await Sc.RunAsync("provenance", "verify", "--image", image.ToString(), "--key", otherKey);
        Assert.AreEqual(1, wrongKey.Code);
        StringAssert.Contains(wrongKey.Output, "signature check failed");
        var wrongType = await Sc.RunAsync("provenance", "verify", "--image", image.ToString(), "--key", publicKey, "--type", "nonsense");
        Assert.AreEqual(3, wrongType.Code, "a bad --type is a configuration error");
    }

    private static Dictionary<string, string?> Env => new() { ["COSIGN_PASSWORD"] = Password };

    private static async Task<(string Key, string PublicKey)> KeyPairAsync()
    {
        var folder = Directory.CreateTempSubdirectory("sc-cli-attest-").FullName;
        var (code, output, error) = await Sc.RunAsync(Env, "generate-key-pair", "--output-key-prefix", Path.Combine(folder, "cosign"));
        Assert.AreEqual(0, code, output + error);
        return (Path.Combine(folder, "cosign.key"), Path.Combine(folder, "cosign.pub"));
    }

    private static async Task<ImageReference> PushImageAsync(RegistryClient client, string repository)
    {
        var pushed = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        return pushed.Reference.Pinned(pushed.Manifest.Digest);
    }
}
