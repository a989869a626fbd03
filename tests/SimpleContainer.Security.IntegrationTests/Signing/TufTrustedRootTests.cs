using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>
/// The trusted root refreshed by TUF: a repository made by tuf-js's @tufjs/repo-mock (its own signer and canonical JSON)
/// carries the private Sigstore's trusted_root.json; keyless signing and sc image verify take it from there.
/// </summary>
[TestClass]
public sealed class TufTrustedRootTests
{
    /// <summary>The run's private Sigstore, shared by every keyless test class (<see cref="AssemblySetup.SigstoreAsync"/>).</summary>
    private static PrivateSigstore Sigstore { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => Sigstore = await AssemblySetup.SigstoreAsync();

    [TestMethod]
    public async Task A_keyless_signature_verifies_with_the_trusted_root_fetched_by_tuf_and_with_the_cached_one_when_the_mirror_is_gone()
    {
        var tuf = await LocalTufRepository.StartAsync(Sigstore.TrustedRoot);
        var (record, layout) = await SigningStageFixture.PushAsync("keyless/tuf", "sc-keyless-tuf-");
        var options = new SigningOptions
        {
            Keyless = true,
            Format = SigningFormat.Both,
            KeylessServices = Sigstore.Services(),
            TufUrl = tuf.BaseUri,
            TufRootPath = tuf.RootFile,
        };

        var signed = await SigningStageFixture.RunAsync(record, layout, options, ("SIGSTORE_ID_TOKEN", PrivateSigstore.Token()));

        Assert.AreEqual(StageOutcome.Succeeded, signed.Outcome, string.Join("\n", signed.Diagnostics) + Sigstore.Log);
        StringAssert.Contains(string.Join("\n", signed.Diagnostics.Select(d => d.Message)), "SCSEC5139");

        var cache = Directory.CreateTempSubdirectory("sc-tuf-cache-").FullName;
        var environment = new Dictionary<string, string?> { ["SC_CACHE_DIR"] = cache };
        string[] verify = ["image", "verify", "--image", record.Reference!, "--tuf-url", tuf.BaseUri.ToString(), "--tuf-root", tuf.RootFile, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer];
        var online = await Sc.RunAsync(environment, verify);

        Assert.AreEqual(0, online.Code, online.Output + online.Error + tuf.Log);
        StringAssert.Contains(online.Error, "SCSEC5139");
        StringAssert.Contains(online.Output, "SCSEC5120");
        foreach (var request in new[] { "GET /2.root.json hit", "GET /timestamp.json hit", "GET /snapshot.json hit", "GET /targets.json hit", "GET /targets/trusted_root.json hit" })
        {
            StringAssert.Contains(tuf.Log, request);
        }

        var cached = Path.Combine(cache, "tuf", Uri.EscapeDataString(tuf.BaseUri.Authority), "targets", "trusted_root.json");
        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Sigstore.TrustedRoot), await File.ReadAllBytesAsync(cached));

        await tuf.DisposeAsync();
        var offline = await Sc.RunAsync(environment, verify);

        Assert.AreEqual(0, offline.Code, offline.Output + offline.Error);
        StringAssert.Contains(offline.Error, "SCSEC5135");
        StringAssert.Contains(offline.Error, cached);
    }

    [TestMethod]
    public async Task A_tuf_repository_signed_by_other_keys_than_the_initial_root_names_is_refused()
    {
        await using var tuf = await LocalTufRepository.StartAsync(Sigstore.TrustedRoot);
        await using var other = await LocalTufRepository.StartAsync(Sigstore.TrustedRoot);
        var (record, _) = await SigningStageFixture.PushAsync("keyless/tuf-other", "sc-keyless-tuf-");
        var environment = new Dictionary<string, string?> { ["SC_CACHE_DIR"] = Directory.CreateTempSubdirectory("sc-tuf-cache-").FullName };

        var result = await Sc.RunAsync(environment, "image", "verify", "--image", record.Reference!, "--tuf-url", tuf.BaseUri.ToString(), "--tuf-root", other.RootFile, "--certificate-identity", PrivateSigstore.WorkflowIdentity, "--certificate-oidc-issuer", PrivateSigstore.GitHubIssuer);

        Assert.AreEqual(1, result.Code, result.Output + result.Error);
        StringAssert.Contains(result.Error, "SCSEC5130");
        StringAssert.Contains(result.Error, "TUF timestamp metadata");
    }
}
