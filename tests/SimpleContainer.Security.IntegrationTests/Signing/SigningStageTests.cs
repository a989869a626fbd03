using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Registry;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>The signing stage on its own: providers, formats and every way it can fail, open or closed.</summary>
[TestClass]
public sealed class SigningStageTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Builtin_provider_with_an_encrypted_pkcs8_key_signs_both_layouts_and_records_it()
    {
        var (record, layout) = await PushAsync("stage/builtin");
        var (keyPath, publicPath) = WriteEncryptedPkcs8Key("pkcs8-pass");

        var result = await RunAsync(record, layout, new SigningOptions { KeyPath = keyPath, Format = SigningFormat.Both }, ("COSIGN_PASSWORD", "pkcs8-pass"));

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics));
        Assert.AreEqual("SCSEC5029", result.Diagnostics.Single().Code);
        Assert.IsTrue(File.Exists(Path.Combine(layout.Root, SecurityArtifactLayout.SignatureRecordFileName)));
        var cosign = await PeerTools.CosignAsync(["verify", "--key", publicPath, "--insecure-ignore-tlog=true", "--allow-http-registry", record.Reference!]);
        Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
    }

    [TestMethod]
    public async Task Cosign_provider_runs_the_installed_cosign_and_we_verify_what_it_wrote()
    {
        var (record, layout) = await PushAsync("stage/cosign");
        var keys = Directory.CreateTempSubdirectory("sc-stage-cosign-").FullName;
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keys, "cosign")], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "cosign-provider" });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);

        var result = await RunAsync(
            record,
            layout,
            new SigningOptions { KeyPath = Path.Combine(keys, "cosign.key"), PublicKeyPath = Path.Combine(keys, "cosign.pub"), Provider = SigningProvider.Cosign, Annotations = new Dictionary<string, string> { ["ci"] = "yes" } },
            ("COSIGN_PASSWORD", "cosign-provider"),
            (CosignCliSigner.PathVariable, PeerTools.Cosign),
            ("DOTNET_CONTAINER_INSECURE_REGISTRIES", Host));

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics));
        StringAssert.Contains(result.Diagnostics.Single().Message, "cosign: legacy");
    }

    [TestMethod]
    public async Task A_missing_cosign_is_a_coded_warning_when_not_required_and_an_error_when_required()
    {
        var (record, layout) = await PushAsync("stage/no-cosign");
        using var key = new TestSigningKey();
        var options = new SigningOptions { KeyPath = "unused.key", PublicKeyPath = key.WritePublicKey(), Provider = SigningProvider.Cosign };
        var missing = (CosignCliSigner.PathVariable, "/nonexistent/cosign");

        var open = await RunAsync(record, layout, options, missing);
        var closed = await RunAsync(record, layout, options with { Required = true }, missing);

        Assert.AreEqual(StageOutcome.FailedOpen, open.Outcome);
        Assert.AreEqual(DiagnosticSeverity.Warning, open.Diagnostics.Single().Severity);
        Assert.AreEqual("SCSEC5024", open.Diagnostics.Single().Code);
        StringAssert.Contains(open.Diagnostics.Single().Message, "SCSEC5034");
        Assert.AreEqual(StageOutcome.Failed, closed.Outcome);
        Assert.AreEqual("SCSEC5034", closed.Diagnostics.Single().Code);
        Assert.AreEqual(DiagnosticSeverity.Error, closed.Diagnostics.Single().Severity);
    }

    [TestMethod]
    [DataRow(null, false, "SCSEC5027")]
    [DataRow("key.pem", true, "SCSEC5100")]
    public async Task Missing_key_and_keyless_are_clear_coded_warnings(string? keyPath, bool keyless, string code)
    {
        var (record, layout) = await PushAsync("stage/misconfigured");

        var result = await RunAsync(record, layout, new SigningOptions { KeyPath = keyPath, Keyless = keyless });

        Assert.AreEqual(StageOutcome.FailedOpen, result.Outcome);
        StringAssert.Contains(result.Diagnostics.Single().Message, code);
    }

    [TestMethod]
    public async Task The_password_can_come_from_a_secret_reference_in_the_stacks_secrets_file()
    {
        var (record, layout) = await PushAsync("stage/secret-ref");
        var (keyPath, publicPath) = WriteEncryptedPkcs8Key("from-secrets-yaml");
        var project = Directory.CreateTempSubdirectory("sc-stage-project-").FullName;
        Directory.CreateDirectory(Path.Combine(project, ".sc", "stacks", "prod"));
        await File.WriteAllTextAsync(Path.Combine(project, ".sc", "stacks", "prod", "secrets.yaml"), "values:\n  SIGNING_KEY_PASSWORD: from-secrets-yaml\n");

        var result = await RunAsync(record, layout, new SigningOptions { KeyPath = keyPath, PasswordReference = "${secret:SIGNING_KEY_PASSWORD}", ProjectDirectory = project });

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(0, (await PeerTools.CosignAsync(["verify", "--key", publicPath, "--insecure-ignore-tlog=true", "--allow-http-registry", record.Reference!])).ExitCode);
    }

    [TestMethod]
    public async Task An_encrypted_key_without_a_password_says_to_set_COSIGN_PASSWORD()
    {
        var (record, layout) = await PushAsync("stage/no-password");
        var (keyPath, _) = WriteEncryptedPkcs8Key("some-pass");

        var result = await RunAsync(record, layout, new SigningOptions { KeyPath = keyPath, Required = true });

        Assert.AreEqual(StageOutcome.Failed, result.Outcome);
        Assert.AreEqual("SCSEC5028", result.Diagnostics.Single().Code);
        StringAssert.Contains(result.Diagnostics.Single().Message, "COSIGN_PASSWORD");
    }

    [TestMethod]
    public async Task A_registry_that_alters_one_layout_fails_the_signing_although_the_other_layout_verifies()
    {
        await using var front = await TamperingRegistryFront.StartAsync(new Uri($"http://{Host}/"));
        var (record, layout) = await PushAsync("stage/one-layout-altered");
        record = record with { Registry = front.Host, Reference = record.Reference!.Replace(Host, front.Host, StringComparison.Ordinal) };
        var (keyPath, _) = WriteEncryptedPkcs8Key("altered");
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new TestRegistries.FixedCredentials(null),
            Transport = new RegistryTransportPolicy([front.Host]),
        });
        var stage = new SigningStage(client, name => name == "COSIGN_PASSWORD" ? "altered" : null);
        var options = new SigningOptions { KeyPath = keyPath, Format = SigningFormat.Both };

        var open = await stage.RunAsync(record, layout, options, default);
        var closed = await stage.RunAsync(record, layout, options with { Required = true }, default);

        Assert.AreEqual(StageOutcome.FailedOpen, open.Outcome, string.Join("\n", open.Diagnostics));
        Assert.AreEqual(StageOutcome.Failed, closed.Outcome, string.Join("\n", closed.Diagnostics));
        var error = closed.Diagnostics.Single();
        Assert.AreEqual("SCSEC5025", error.Code);
        StringAssert.Contains(error.Message, "no verified signature in the legacy layout", "only the altered layout is named");
        Assert.IsFalse(File.Exists(Path.Combine(layout.Root, SecurityArtifactLayout.SignatureRecordFileName)), "no signature.json claims a verified signature");
        Assert.IsGreaterThan(0, front.CorruptedResponses, "the front did corrupt the legacy payload");
    }

    private static Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SigningOptions options, params (string Name, string Value)[] environment) =>
        SigningStageFixture.RunAsync(record, layout, options, environment);

    private static Task<(ImageRecord Record, SecurityArtifactLayout Layout)> PushAsync(string repository) => SigningStageFixture.PushAsync(repository, "sc-stage-");

    private static (string KeyPath, string PublicPath) WriteEncryptedPkcs8Key(string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var folder = Directory.CreateTempSubdirectory("sc-pkcs8-").FullName;
        var keyPath = Path.Combine(folder, "key.pem");
        var publicPath = Path.Combine(folder, "key.pub");
        File.WriteAllText(keyPath, key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        return (keyPath, publicPath);
    }
}
