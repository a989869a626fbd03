using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>Keyless signing in the signing stage against a private Sigstore (@sigstore/mock's Fulcio v2 and Rekor v1 on loopback).</summary>
[TestClass]
public sealed class KeylessSigningTests
{
    private static PrivateSigstore? sigstore;

    private static string Host => AssemblySetup.Registries.Plain.Host;

    private static PrivateSigstore Sigstore => sigstore ?? throw new InvalidOperationException("The private Sigstore was not started.");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => sigstore = await PrivateSigstore.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (sigstore is not null)
        {
            await sigstore.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task Keyless_signing_writes_both_layouts_and_bundles_that_sigstore_js_verifies_by_identity_and_issuer()
    {
        var (record, layout) = await PushAsync("keyless/both");

        var result = await RunAsync(record, layout, Options() with { Keyless = true, Format = SigningFormat.Both }, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));

        Assert.AreEqual(StageOutcome.Succeeded, result.Outcome, string.Join("\n", result.Diagnostics) + Sigstore.Log);
        var summary = result.Diagnostics.Single();
        Assert.AreEqual("SCSEC5110", summary.Code);
        StringAssert.Contains(summary.Message, PrivateSigstore.WorkflowIdentity);
        StringAssert.Contains(summary.Message, PrivateSigstore.GitHubIssuer);
        var bundles = result.Artifacts.Where(a => a.Kind == KeylessSigning.KeylessBundleKind).Select(a => a.Path).ToList();
        CollectionAssert.AreEquivalent(new[] { "signature.sigstore.json", "signature.legacy.sigstore.json" }, bundles.Select(Path.GetFileName).ToList());

        var dsse = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.sigstore.json"), Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(0, dsse.ExitCode, dsse.StandardOutput + dsse.StandardError);
        StringAssert.Contains(dsse.StandardOutput, "tlog dsse");

        var payload = NodeValidators.WriteTemp(new SimpleSigningPayload(record.Registry + "/" + record.Repository, Digest.Parse(record.Digest), null).ToBytes(), ".payload.json");
        var message = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.legacy.sigstore.json"), Sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--artifact", payload);
        Assert.AreEqual(0, message.ExitCode, message.StandardOutput + message.StandardError);
        StringAssert.Contains(message.StandardOutput, "tlog hashedrekord");

        var otherIdentity = await NodeValidators.VerifySigstoreKeylessBundleAsync(Path.Combine(layout.Root, "signature.sigstore.json"), Sigstore.TrustedRoot, "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main", PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(1, otherIdentity.ExitCode, otherIdentity.StandardOutput);
    }

    private static SigningOptions Options() => new()
    {
        KeylessServices = new KeylessOptions { FulcioUrl = Sigstore.BaseUri, RekorUrl = Sigstore.BaseUri },
    };

    private static async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SigningOptions options, params (string Name, string Value)[] environment)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var variables = environment.ToDictionary(e => e.Name, e => (string?)e.Value);
        return await new SigningStage(client, name => variables.GetValueOrDefault(name)).RunAsync(record, layout, options, default);
    }

    private static async Task<(ImageRecord Record, SecurityArtifactLayout Layout)> PushAsync(string repository)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var record = new ImageRecord
        {
            Project = "/src/App/App.csproj",
            Registry = Host,
            Repository = repository,
            Digest = image.Manifest.Digest.ToString(),
            MediaType = image.Manifest.MediaType,
            Reference = image.Reference.Pinned(image.Manifest.Digest).ToString(),
            Pushed = true,
        };
        return (record, new SecurityArtifactLayout(Directory.CreateTempSubdirectory("sc-keyless-").FullName));
    }
}
