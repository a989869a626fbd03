using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>The signing stage through a real publish, with a key made by cosign itself, checked by cosign.</summary>
[TestClass]
public sealed class PublishSigningTests
{
    private const string Password = "publish-signing-pass";
    private static string? keyFolder;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static string KeyPath => Path.Combine(keyFolder!, "cosign.key");

    private static string PublicKeyPath => Path.Combine(keyFolder!, "cosign.pub");

    [ClassInitialize]
    public static async Task CreateKeyAsync(TestContext context)
    {
        keyFolder = Directory.CreateTempSubdirectory("sc-publish-keys-").FullName;
        var generated = await PeerTools.CosignAsync(["generate-key-pair", "--output-key-prefix", Path.Combine(keyFolder, "cosign")], new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = Password });
        Assert.AreEqual(0, generated.ExitCode, generated.StandardError);
    }

    [TestMethod]
    public async Task Single_rid_publish_leaves_a_signature_cosign_verifies_and_the_password_stays_out_of_the_log()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-single");

        var result = await PublishAsync(app, Password, "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sign-single", "-v:d");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        var cosign = await CosignVerifyAsync(record.Reference!);
        Assert.AreEqual(0, cosign.ExitCode, cosign.StandardError);
        Assert.IsTrue(File.Exists(Path.Combine(app.SecurityFolder(), SecurityArtifactLayout.SignatureRecordFileName)));
        StringAssert.Contains(result.StandardOutput, "SCSEC5029");
        Assert.IsFalse(result.StandardOutput.Contains(Password, StringComparison.Ordinal), "the password never reaches the log");
    }

    [TestMethod]
    public async Task Multi_arch_publish_signs_the_index_and_every_platform()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-multi");

        var result = await PublishAsync(app, Password, "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", "-p:ScSigningFormat=both", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sign-multi",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"", "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        Assert.AreEqual(0, (await CosignVerifyAsync(record.Reference!)).ExitCode, "the index");
        foreach (var platform in record.Platforms)
        {
            Assert.AreEqual(0, (await CosignVerifyAsync($"{Host}/it/sign-multi@{platform.Digest}")).ExitCode, platform.Platform);
        }

        using var client = AssemblySetup.Registries.CreatePlainClient();
        var referrers = await client.GetReferrersAsync(ImageReference.Parse(record.Reference!), Digest.Parse(record.Digest), SimpleContainer.Security.Sigstore.SigstoreBundle.MediaType);
        Assert.AreEqual(1, referrers.Referrers.Count, "format both also writes the bundle referrer");
    }

    [TestMethod]
    public async Task A_wrong_password_is_a_coded_warning_and_leaves_no_signature_when_signing_is_not_required()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-wrong");

        var result = await PublishAsync(app, "not-the-password", "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sign-wrong");

        Assert.AreEqual(0, result.ExitCode, "fail-open: the build goes on");
        StringAssert.Contains(result.StandardOutput, "warning SCSEC5024");
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        using var client = AssemblySetup.Registries.CreatePlainClient();
        Assert.AreEqual(0, (await new CosignTagLayout(client).ReadAsync(ImageReference.Parse(record.Reference!), default)).Count);
    }

    [TestMethod]
    public async Task A_wrong_password_fails_the_build_when_signing_is_required()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-required");

        var result = await PublishAsync(app, "not-the-password", "-p:ScSigningEnabled=true", "-p:ScSigningRequired=true", $"-p:ScSigningKey={KeyPath}", $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sign-required");

        Assert.AreNotEqual(0, result.ExitCode);
        StringAssert.Matches(result.StandardOutput, new System.Text.RegularExpressions.Regex("error SCSEC50[0-9][0-9]"));
    }

    [TestMethod]
    public async Task Archive_mode_writes_a_bundle_that_sc_attaches_after_the_push_and_verifies()
    {
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-archive");
        var archive = Path.Combine(app.Directory, "out", "app.tar");

        var result = await PublishAsync(app, Password, "-p:ScSigningEnabled=true", $"-p:ScSigningKey={KeyPath}", "-p:ContainerRepository=it/sign-archive", $"-p:ContainerArchiveOutputPath={archive}");

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        var bundlePath = Path.Combine(app.SecurityFolder(), SecurityArtifactLayout.SignatureBundleFileName);
        StringAssert.Contains(result.StandardOutput, "SCSEC5033");
        var publicKey = KeyFiles.LoadPublicKey(PublicKeyPath);
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        var subject = ImageReference.Create(Host, "it/sign-archive", digest: Digest.Parse(record.Digest));
        var report = await new SignatureVerifier([new BundleFileStore(bundlePath)]).VerifyAsync(subject, publicKey, VerificationPolicy.UnsafeAnyRepository, default);
        Assert.IsTrue(report.Verified);

        var pushed = await PeerTools.SkopeoAsync(["copy", "--insecure-policy", "--dest-tls-verify=false", $"oci-archive:{archive}", $"docker://{Host}/it/sign-archive:1"]);
        Assert.AreEqual(0, pushed.ExitCode, pushed.StandardError);
        var attach = await Sc.RunAsync("image", "sign", "--attach-bundle", bundlePath, "--image", $"{Host}/it/sign-archive:1");
        Assert.AreEqual(0, attach.Code, attach.Error);
        var verify = await Sc.RunAsync("image", "verify", "--image", $"{Host}/it/sign-archive:1", "--key", PublicKeyPath, "--unsafe-any-repository");
        Assert.AreEqual(0, verify.Code, verify.Error);
        StringAssert.Contains(verify.Output, "ok   " + subject + " [bundle] verified");
    }

    private static Task<ProcessResult> CosignVerifyAsync(string reference) =>
        PeerTools.CosignAsync(["verify", "--key", PublicKeyPath, "--insecure-ignore-tlog=true", "--allow-http-registry", reference]);

    private static Task<ProcessResult> PublishAsync(SampleApp app, string password, params string[] properties)
    {
        var arguments = new List<string> { "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false" };
        arguments.AddRange(properties);
        return DotnetCli.RunAsync(app.Directory, arguments, new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host, ["COSIGN_PASSWORD"] = password });
    }
}
