using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>Writing cosign key files and reading them back.</summary>
[TestClass]
public sealed class KeyFilesWriteTests
{
    [TestMethod]
    public void Re_encrypting_cosigns_own_key_with_its_salt_and_nonce_gives_cosigns_file_byte_for_byte()
    {
        const string Password = "cosign25-test-password";
        var original = KeyTestData.Text("cosign25.key");
        var envelope = EnvelopeOf(original);
        using var document = JsonDocument.Parse(envelope);
        var salt = document.RootElement.GetProperty("kdf").GetProperty("salt").GetBytesFromBase64();
        var nonce = document.RootElement.GetProperty("cipher").GetProperty("nonce").GetBytesFromBase64();
        var pkcs8 = CosignKeyEnvelope.Decrypt(envelope, Password, "cosign25.key", KeyFiles.SigstorePrivateKeyLabel);

        Assert.AreEqual(original, KeyFiles.EncryptCosignPrivateKey(pkcs8, Password, 65536, salt, nonce));
    }

    [TestMethod]
    public void A_generated_pair_reads_back_and_is_laid_out_as_cosign_writes_it()
    {
        var pair = KeyFiles.GenerateCosignKeyPair("generated-test-password");

        StringAssert.StartsWith(pair.PrivateKeyPem, "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        StringAssert.EndsWith(pair.PrivateKeyPem, "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        StringAssert.StartsWith(pair.PublicKeyPem, "-----BEGIN PUBLIC KEY-----\n");
        StringAssert.EndsWith(pair.PublicKeyPem, "\n-----END PUBLIC KEY-----\n");
        Assert.IsTrue(pair.PrivateKeyPem.Split('\n').All(line => line.Length <= 64));
        Assert.IsFalse(pair.ToString().Contains("PRIVATE", StringComparison.Ordinal));

        var json = Encoding.UTF8.GetString(EnvelopeOf(pair.PrivateKeyPem));
        var cosignJson = Encoding.UTF8.GetString(EnvelopeOf(KeyTestData.Text("cosign25.key")));
        Assert.AreEqual(Shape(cosignJson), Shape(json), "same members in the same order, same lengths, as cosign 2.5 writes");

        using var key = KeyFiles.ReadPrivateKey(pair.PrivateKeyPem, "generated-test-password");
        var publicKey = KeyFiles.ReadPublicKey(pair.PublicKeyPem);
        Assert.AreEqual(KeyAlgorithm.EcdsaP256, key.Algorithm);
        CollectionAssert.AreEqual(publicKey.SubjectPublicKeyInfo, key.PublicKey.SubjectPublicKeyInfo);
        Assert.AreEqual(pair.PublicKeyPem, key.PublicKey.ToPem());

        var data = "sign with ours, verify with ours"u8.ToArray();
        Assert.IsTrue(publicKey.Verify(data, key.Sign(data)));
        Assert.IsFalse(publicKey.Verify("other data"u8, key.Sign(data)));
    }

    [TestMethod]
    public void Two_generated_keys_differ_in_key_salt_and_nonce()
    {
        var first = KeyFiles.GenerateCosignKeyPair("same", 32768);
        var second = KeyFiles.GenerateCosignKeyPair("same", 32768);
        Assert.AreNotEqual(first.PublicKeyPem, second.PublicKeyPem);
        using var a = JsonDocument.Parse(EnvelopeOf(first.PrivateKeyPem));
        using var b = JsonDocument.Parse(EnvelopeOf(second.PrivateKeyPem));
        Assert.AreEqual(32768, a.RootElement.GetProperty("kdf").GetProperty("params").GetProperty("N").GetInt32());
        Assert.AreNotEqual(a.RootElement.GetProperty("kdf").GetProperty("salt").GetString(), b.RootElement.GetProperty("kdf").GetProperty("salt").GetString());
        Assert.AreNotEqual(a.RootElement.GetProperty("cipher").GetProperty("nonce").GetString(), b.RootElement.GetProperty("cipher").GetProperty("nonce").GetString());
    }

    [TestMethod]
    public void A_generated_key_refuses_a_wrong_password_with_SCSEC5003()
    {
        var pair = KeyFiles.GenerateCosignKeyPair("right", 32768);
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(pair.PrivateKeyPem, "wrong", "ours.key"));
        Assert.AreEqual("SCSEC5003", error.Code);
        StringAssert.StartsWith(error.Message, "SCSEC5003: The password does not decrypt the private key ours.key");
    }

    [TestMethod]
    [DataRow("openssl-rsa2048-pkcs1.pem", KeyAlgorithm.Rsa)]
    [DataRow("openssl-p384-ec.pem", KeyAlgorithm.EcdsaP384)]
    public void Any_supported_key_converts_to_a_cosign_key_like_cosign_import_key_pair(string keyFile, KeyAlgorithm algorithm)
    {
        using var plain = KeyFiles.LoadPrivateKey(KeyTestData.PathOf(keyFile), default);
        var pem = KeyFiles.EncryptCosignPrivateKey(plain, "import-test-password", 32768);
        using var converted = KeyFiles.ReadPrivateKey(pem, "import-test-password");
        Assert.AreEqual(algorithm, converted.Algorithm);
        Assert.AreEqual(plain.PublicKey.Hint, converted.PublicKey.Hint);
    }

    [TestMethod]
    [DataRow(16384)]
    [DataRow(1048576)]
    [DataRow(65535)]
    public void Only_the_work_factors_cosign_reads_can_be_written(int n)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => KeyFiles.GenerateCosignKeyPair("p", n));
    }

    [TestMethod]
    public void A_disposed_key_no_longer_signs()
    {
        var key = SigningKey.GenerateEcdsaP256();
        key.Dispose();
        key.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => key.Sign("x"u8));
    }

    internal static byte[] EnvelopeOf(string pem)
    {
        var body = string.Concat(pem.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal)));
        return Convert.FromBase64String(body);
    }

    // The JSON with every base64 value replaced by its length: what must match cosign apart from the random bytes.
    private static string Shape(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"([A-Za-z0-9+/]+=*)\"", m => m.Groups[1].Value.Length > 20 ? $"\"<{m.Groups[1].Value.Length}>\"" : m.Value);
}
