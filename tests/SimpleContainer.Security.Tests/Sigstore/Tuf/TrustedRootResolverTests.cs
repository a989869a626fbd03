using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Tests.Sigstore.Tuf;

/// <summary>The TUF refresh of the trusted root against a repository made here: rotation, tampering, replay, expiry, offline.</summary>
[TestClass]
public sealed class TrustedRootResolverTests
{
    private static readonly byte[] PublicGoodTrustedRoot = ReadResource("SimpleContainer.Security.Sigstore.Trust.public-good-trusted-root.json");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void A_trusted_root_file_with_a_utf8_byte_order_mark_loads_like_one_without()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "trusted_root.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. PublicGoodTrustedRoot]);

        var root = TrustedRoot.Load(path);

        Assert.AreEqual(TrustedRoot.PublicGood().CertificateAuthorities.Count, root.CertificateAuthorities.Count);
        Assert.AreEqual(TrustedRoot.PublicGood().TransparencyLogs.Count, root.TransparencyLogs.Count);
    }

    [TestMethod]
    public async Task A_fetch_verifies_timestamp_snapshot_targets_and_the_target_and_caches_them()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        var notes = new List<ScDiagnostic>();

        var root = await TrustedRootResolver.ResolveAsync(Options(repo, folder), notes.Add, TestContext.CancellationToken);

        Assert.Contains("from TUF https://tuf.test.invalid/", root.Source);
        Assert.AreEqual("SCSEC5139", notes.Single().Code);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(PublicGoodTrustedRoot));
        CollectionAssert.AreEqual(new[] { "2.root.json", "timestamp.json", "1.snapshot.json", "1.targets.json", $"targets/{sha256}.trusted_root.json" }, repo.Requests);
        var cache = Path.Combine(folder.Path, "tuf", "tuf.test.invalid");
        foreach (var file in new[] { "root.json", "timestamp.json", "snapshot.json", "targets.json", "targets/trusted_root.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(cache, file)), file);
        }

        // A second refresh finds snapshot, targets and the target unchanged in the cache: only root and timestamp are asked for.
        repo.Requests.Clear();
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), notes.Add, TestContext.CancellationToken);
        CollectionAssert.AreEqual(new[] { "2.root.json", "timestamp.json" }, repo.Requests);
    }

    [TestMethod]
    public async Task A_root_rotation_signed_by_the_old_and_the_new_keys_is_followed()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken);
        var oldKeys = repo.RootKeys;
        List<System.Security.Cryptography.ECDsa> newKeys = [repo.NewKey(), repo.NewKey()];
        repo.RotateRoot(newKeys, [.. oldKeys, .. newKeys]);
        var third = repo.NewKey();
        repo.RotateRoot([third], [.. newKeys, third]);
        repo.Publish(2, DateTimeOffset.UtcNow.AddDays(7));
        var notes = new List<ScDiagnostic>();

        await TrustedRootResolver.ResolveAsync(Options(repo, folder), notes.Add, TestContext.CancellationToken);

        StringAssert.Contains(notes.Single().Message, "root version 3, targets version 2");
        CollectionAssert.AreEqual(repo.Roots[3], File.ReadAllBytes(Path.Combine(folder.Path, "tuf", "tuf.test.invalid", "root.json")));
    }

    [TestMethod]
    public async Task A_new_root_signed_only_by_its_own_keys_is_refused_and_the_old_root_stays()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken);
        List<System.Security.Cryptography.ECDsa> attacker = [repo.NewKey()];
        repo.RotateRoot(attacker, attacker);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5130", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "signed by 0 of the 1 keys");
        CollectionAssert.AreEqual(repo.Roots[1], File.ReadAllBytes(Path.Combine(folder.Path, "tuf", "tuf.test.invalid", "root.json")));
    }

    [TestMethod]
    public async Task A_target_whose_bytes_do_not_match_the_signed_hash_is_refused()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(PublicGoodTrustedRoot));
        var tampered = (byte[])PublicGoodTrustedRoot.Clone();
        tampered[^3] ^= 0x20;
        repo[$"targets/{sha256}.trusted_root.json"] = tampered;

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5133", error.Diagnostic.Code);
        Assert.IsFalse(File.Exists(Path.Combine(folder.Path, "tuf", "tuf.test.invalid", "targets", "trusted_root.json")));
    }

    [TestMethod]
    public async Task An_expired_timestamp_is_refused()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        repo.Publish(1, DateTimeOffset.UtcNow.AddDays(7), timestampExpires: DateTimeOffset.UtcNow.AddMinutes(-1));

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5132", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "timestamp.json version 1");
    }

    [TestMethod]
    public async Task A_replayed_older_timestamp_is_a_rollback()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        var oldTimestamp = repo["timestamp.json"];
        repo.Publish(2, DateTimeOffset.UtcNow.AddDays(7));
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken);
        repo["timestamp.json"] = oldTimestamp;

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5131", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "has version 1, lower than the version 2");
    }

    [TestMethod]
    public async Task A_new_snapshot_that_lists_an_older_targets_version_is_a_rollback()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        repo.Publish(2, DateTimeOffset.UtcNow.AddDays(7));
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken);
        repo.Publish(3, DateTimeOffset.UtcNow.AddDays(7), targetsVersion: 1);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5131", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, "targets.json (in snapshot.json)");
    }

    [TestMethod]
    public async Task An_unreachable_mirror_falls_back_to_the_cached_target_with_a_warning()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        await TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken);
        repo.Offline = true;
        var notes = new List<ScDiagnostic>();

        var root = await TrustedRootResolver.ResolveAsync(Options(repo, folder), notes.Add, TestContext.CancellationToken);

        var warning = notes.Single();
        Assert.AreEqual("SCSEC5135", warning.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(root.Source, Path.Combine("targets", "trusted_root.json"));
    }

    [TestMethod]
    public async Task An_unreachable_public_good_mirror_with_nothing_cached_falls_back_to_the_shipped_root()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot) { Offline = true };
        var notes = new List<ScDiagnostic>();

        var root = await TrustedRootResolver.ResolveAsync(new TrustedRootOptions { Handler = repo }, notes.Add, TestContext.CancellationToken);

        Assert.AreEqual(TrustedRoot.PublicGood().Source, root.Source);
        Assert.AreEqual("SCSEC5135", notes.Single().Code);
    }

    [TestMethod]
    public async Task An_unreachable_private_mirror_with_nothing_cached_is_an_error()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot) { Offline = true };
        using var folder = new TempFolder();

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(Options(repo, folder), _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5138", error.Diagnostic.Code);
    }

    [TestMethod]
    public async Task A_private_mirror_without_an_initial_root_is_a_configuration_error()
    {
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => TrustedRootResolver.ResolveAsync(new TrustedRootOptions { TufUrl = TestTufRepository.Mirror }, _ => { }, TestContext.CancellationToken));

        Assert.AreEqual("SCSEC5136", error.Diagnostic.Code);
        Assert.IsTrue(ConfigurationErrors.Is(error.Diagnostic));
    }

    [TestMethod]
    public async Task A_trusted_root_file_wins_and_no_mirror_is_asked()
    {
        using var repo = new TestTufRepository(PublicGoodTrustedRoot);
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "trusted_root.json");
        File.WriteAllBytes(file, PublicGoodTrustedRoot);

        var root = await TrustedRootResolver.ResolveAsync(Options(repo, folder) with { TrustedRootPath = file }, _ => { }, TestContext.CancellationToken);

        Assert.AreEqual(file, root.Source);
        Assert.IsEmpty(repo.Requests);
    }

    private static TrustedRootOptions Options(TestTufRepository repo, TempFolder folder)
    {
        var rootFile = Path.Combine(folder.Path, "1.root.json");
        if (!File.Exists(rootFile))
        {
            File.WriteAllBytes(rootFile, repo.Roots[1]);
        }

        return new TrustedRootOptions { TufUrl = TestTufRepository.Mirror, TufRootPath = rootFile, CacheFolder = folder.Path, Handler = repo };
    }

    internal static byte[] ReadResource(string name)
    {
        using var stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
