using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Tests.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing;

[TestClass]
public sealed class SigningKeyCacheTests
{
    private const string Password = "cosign25-test-password";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Builds_that_share_the_cache_decrypt_a_key_once_and_their_signatures_verify_after_each_signer_is_disposed()
    {
        using var keys = new SigningKeyCache();
        var options = new SigningOptions { KeyPath = KeyTestData.PathOf("cosign25.key") };
        var data = "payload"u8.ToArray();

        using (var first = new BuildSigner(Variables(Password), keys))
        {
            first.KeyFor(options, "/src/One/One.csproj");
            Assert.AreEqual(1, first.KeysLoaded);
        }

        using var second = new BuildSigner(Variables(Password), keys);
        var signer = second.KeyFor(options, "/src/Two/Two.csproj");

        Assert.AreEqual(0, second.KeysLoaded, "the second build finds the key the first decrypted");
        Assert.AreEqual(1, keys.Count);
        var signature = await signer.SignAsync(data, TestContext.CancellationToken);
        Assert.IsTrue(signer.Verify(data, signature.Signature), "a build's signer disposing does not dispose the shared key");
    }

    [TestMethod]
    public void A_changed_key_file_or_another_password_is_decrypted_anew()
    {
        using var keys = new SigningKeyCache();
        var directory = Directory.CreateTempSubdirectory("sc-keycache-").FullName;
        try
        {
            var path = Path.Combine(directory, "cosign.key");
            File.Copy(KeyTestData.PathOf("cosign25.key"), path);
            var options = new SigningOptions { KeyPath = path };
            using var before = new BuildSigner(Variables(Password), keys);
            var first = before.KeyFor(options, "/src/App/App.csproj");

            File.Copy(KeyTestData.PathOf("keygen-p384.key"), path, overwrite: true);
            using var after = new BuildSigner(Variables(Password), keys);
            var changed = after.KeyFor(options, "/src/App/App.csproj");

            Assert.AreEqual(1, after.KeysLoaded, "another file content is another key");
            Assert.AreNotEqual(first.PublicKeyHint, changed.PublicKeyHint);

            using var wrongPassword = new BuildSigner(Variables("not-the-password"), keys);

            var error = Assert.ThrowsExactly<ScException>(() => wrongPassword.KeyFor(options, "/src/App/App.csproj"));

            Assert.AreEqual("SCSEC5003", error.Diagnostic.Code, "a password is part of what finds a key: a wrong one is never answered from the cache");
            Assert.AreEqual(2, keys.Count, "a key that failed to decrypt is not kept");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void A_key_whose_decryption_failed_is_tried_again_by_the_next_build()
    {
        using var keys = new SigningKeyCache();
        var options = new SigningOptions { KeyPath = KeyTestData.PathOf("cosign25.key") };
        using var missing = new BuildSigner(Variables(null), keys);

        var error = Assert.ThrowsExactly<ScException>(() => missing.KeyFor(options, "/src/App/App.csproj"));

        Assert.AreEqual(DiagnosticIds.SigningPasswordMissing, error.Diagnostic.ResourceKey);
        using var next = new BuildSigner(Variables(Password), keys);
        next.KeyFor(options, "/src/App/App.csproj");
        Assert.AreEqual(1, next.KeysLoaded);
    }

    [TestMethod]
    public void A_disposed_cache_refuses_to_hand_out_keys()
    {
        var keys = new SigningKeyCache();
        keys.Dispose();
        using var signer = new BuildSigner(Variables(Password), keys);

        Assert.ThrowsExactly<ObjectDisposedException>(() => signer.KeyFor(new SigningOptions { KeyPath = KeyTestData.PathOf("cosign25.key") }, "/src/App/App.csproj"));
    }

    private static Func<string, string?> Variables(string? password) => name => name == "COSIGN_PASSWORD" ? password : null;
}
