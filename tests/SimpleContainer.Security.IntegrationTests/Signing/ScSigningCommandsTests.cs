using System.Security.Cryptography;
using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Registry;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>The sc signing commands end to end, including their exit codes.</summary>
[TestClass]
public sealed class ScSigningCommandsTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task Sign_by_tag_then_verify_succeeds_and_cosign_agrees()
    {
        var image = await PushAsync("cli/sign", "v1");
        var (key, publicKey) = WriteKey();

        var sign = await Sc.RunAsync(Password, "image", "sign", "--image", $"{Host}/cli/sign:v1", "--key", key, "--format", "both", "-a", "build=42");
        var verify = await Sc.RunAsync("image", "verify", "--image", $"{Host}/cli/sign:v1", "--key", publicKey, "-a", "build=42");

        Assert.AreEqual(ExitCodes.Ok, sign.Code, sign.Error);
        StringAssert.Contains(sign.Output, $"signed {image} (legacy+bundle)");
        Assert.AreEqual(ExitCodes.Ok, verify.Code, verify.Error);
        StringAssert.Contains(verify.Output, "[legacy] verified");
        StringAssert.Contains(verify.Output, "[bundle] verified");
        Assert.AreEqual(0, (await PeerTools.CosignAsync(["verify", "--key", publicKey, "--insecure-ignore-tlog=true", "--allow-http-registry", "-a", "build=42", image.ToString()])).ExitCode);
    }

    [TestMethod]
    public async Task Verify_of_an_unsigned_image_exits_1_with_the_reason()
    {
        await PushAsync("cli/unsigned", "v1");
        var (_, publicKey) = WriteKey();

        var verify = await Sc.RunAsync("image", "verify", "--image", $"{Host}/cli/unsigned:v1", "--key", publicKey);

        Assert.AreEqual(ExitCodes.Failure, verify.Code);
        StringAssert.Contains(verify.Error, "SCSEC5021");
        StringAssert.Contains(verify.Error, "No signature is stored for this digest.");
    }

    [TestMethod]
    public async Task Configuration_errors_exit_3()
    {
        var (key, _) = WriteKey();

        var badFormat = await Sc.RunAsync(Password, "image", "sign", "--image", $"{Host}/cli/x:1", "--key", key, "--format", "fancy");
        var noKey = await Sc.RunAsync("image", "sign", "--image", $"{Host}/cli/x:1");
        var badReference = await Sc.RunAsync("image", "verify", "--image", "UPPER/case", "--key", key);
        var noPassword = await Sc.RunAsync("image", "sign", "--image", $"{Host}/cli/x:1", "--key", key);

        Assert.AreEqual(ExitCodes.ConfigurationError, badFormat.Code, badFormat.Error);
        StringAssert.Contains(badFormat.Error, "SCSEC1100: 'fancy' is not a valid value for --format. Allowed: legacy, bundle or both.");
        Assert.AreEqual(ExitCodes.ConfigurationError, noKey.Code, noKey.Error);
        Assert.AreEqual(ExitCodes.ConfigurationError, badReference.Code, badReference.Error);
        Assert.AreEqual(ExitCodes.ConfigurationError, noPassword.Code, noPassword.Error);
        StringAssert.Contains(noPassword.Error, "COSIGN_PASSWORD");
    }

    [TestMethod]
    public async Task Stack_sign_signs_every_recorded_image_below_the_root()
    {
        var root = Directory.CreateTempSubdirectory("sc-stack-").FullName;
        var first = await PushAsync("cli/stack-api", "1");
        var second = await PushAsync("cli/stack-worker", "1");
        await WriteRecordAsync(Path.Combine(root, "api", "obj", "Release", "net10.0"), first);
        await WriteRecordAsync(Path.Combine(root, "worker", "obj", "Release", "net10.0"), second);
        var (key, publicKey) = WriteKey();

        var stack = await Sc.RunAsync(Password, "stack", "sign", "--root", root, "--key", key);

        Assert.AreEqual(ExitCodes.Ok, stack.Code, stack.Error);
        foreach (var image in new[] { first, second })
        {
            StringAssert.Contains(stack.Output, $"signed {image}");
            Assert.AreEqual(ExitCodes.Ok, (await Sc.RunAsync("image", "verify", "--image", image.ToString(), "--key", publicKey)).Code);
        }
    }

    [TestMethod]
    public async Task Stack_sign_fails_when_the_registry_alters_one_layout_as_the_publish_does()
    {
        await using var front = await TamperingRegistryFront.StartAsync(new Uri($"http://{Host}/"));
        var root = Directory.CreateTempSubdirectory("sc-stack-altered-").FullName;
        var pushed = await PushAsync("cli/stack-altered", "1");
        var image = ImageReference.Create(front.Host, pushed.Repository, digest: pushed.Digest);
        await WriteRecordAsync(Path.Combine(root, "api", "obj", "Release", "net10.0"), image);
        var (key, _) = WriteKey();

        var stack = await Sc.RunAsync(Password, [front.Host], "stack", "sign", "--root", root, "--key", key, "--format", "both");

        Assert.AreEqual(ExitCodes.Failure, stack.Code, stack.Output + stack.Error);
        StringAssert.Contains(stack.Error, "SCSEC5025");
        StringAssert.Contains(stack.Error, "no verified signature in the legacy layout");
        Assert.IsGreaterThan(0, front.CorruptedResponses, "the front did corrupt the legacy payload");
    }

    [TestMethod]
    public async Task Generate_key_pair_writes_a_pair_cosign_signs_with_and_we_verify()
    {
        var folder = Directory.CreateTempSubdirectory("sc-genkey-").FullName;
        var prefix = Path.Combine(folder, "cosign");
        var image = await PushAsync("cli/genkey", "1");

        var generated = await Sc.RunAsync(Password, "generate-key-pair", "--output-key-prefix", prefix);
        var again = await Sc.RunAsync(Password, "generate-key-pair", "--output-key-prefix", prefix);
        var cosignSigned = await PeerTools.CosignAsync(["sign", "--key", prefix + ".key", "--tlog-upload=false", "--allow-http-registry", "--yes", image.ToString()], Password);
        var verified = await Sc.RunAsync("image", "verify", "--image", image.ToString(), "--key", prefix + ".pub");

        Assert.AreEqual(ExitCodes.Ok, generated.Code, generated.Error);
        StringAssert.StartsWith(File.ReadAllText(prefix + ".key"), "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".key"));
        Assert.AreEqual(ExitCodes.ConfigurationError, again.Code, "no silent overwrite");
        Assert.AreEqual(0, cosignSigned.ExitCode, cosignSigned.StandardError);
        Assert.AreEqual(ExitCodes.Ok, verified.Code, verified.Error);
    }

    private static readonly Dictionary<string, string?> Password = new() { ["COSIGN_PASSWORD"] = "cli-pass" };

    private static async Task<ImageReference> PushAsync(string repository, string tag)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var layer = new LayerBuilder().File("etc/instance", Guid.NewGuid().ToString()).Build();
        var image = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, tag), [layer], FixtureImages.Amd64);
        return image.Reference.Pinned(image.Manifest.Digest);
    }

    private static (string Key, string PublicKey) WriteKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var folder = Directory.CreateTempSubdirectory("sc-cli-key-").FullName;
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportEncryptedPkcs8PrivateKeyPem("cli-pass", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        File.WriteAllText(Path.Combine(folder, "key.pub"), key.ExportSubjectPublicKeyInfoPem());
        return (Path.Combine(folder, "key.pem"), Path.Combine(folder, "key.pub"));
    }

    private static Task WriteRecordAsync(string intermediateOutputPath, ImageReference image) =>
        ImageRecordStore.WriteAsync(new SecurityArtifactLayout(intermediateOutputPath).ImageRecord, new ImageRecord
        {
            Project = "/src/x.csproj",
            Registry = image.Registry,
            Repository = image.Repository,
            Digest = image.Digest!.Value.ToString(),
            MediaType = MediaTypes.OciManifest,
            Reference = image.ToString(),
            Pushed = true,
        });
}
