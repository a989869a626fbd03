using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>Reading the key files real tools wrote (see testdata/README.md for how and with which passwords).</summary>
[TestClass]
public sealed class KeyFilesReadTests
{
    [TestMethod]
    [DataRow("cosign25.key", "cosign25.pub", "cosign25-test-password", "cosign25-blob.sig")]
    [DataRow("cosign25-empty-password.key", "cosign25-empty-password.pub", "", null)]
    [DataRow("keygen-sigstore.key", "keygen-sigstore.pub", "keygen-test-password", null)]
    [DataRow("keygen-cosign-label.key", "keygen-cosign-label.pub", "pässwörd-🔑", null)]
    [DataRow("keygen-rsa2048.key", "keygen-rsa2048.pub", "cosign25-test-password", "keygen-rsa2048-blob.sig")]
    [DataRow("keygen-p384.key", "keygen-p384.pub", "cosign25-test-password", "keygen-p384-blob.sig")]
    public void Reads_cosign_keys_and_verifies_what_cosign_signed_with_them(string keyFile, string pubFile, string password, string? cosignSignature)
    {
        using var key = KeyFiles.LoadPrivateKey(KeyTestData.PathOf(keyFile), password);
        var publicKey = KeyFiles.LoadPublicKey(KeyTestData.PathOf(pubFile));

        CollectionAssert.AreEqual(publicKey.SubjectPublicKeyInfo, key.PublicKey.SubjectPublicKeyInfo);
        Assert.AreEqual(publicKey.Hint, key.PublicKey.Hint);
        Assert.AreEqual(KeyTestData.Text(pubFile), publicKey.ToPem(), "ToPem must reproduce the file the peer wrote");

        var blob = KeyTestData.Bytes("blob.txt");
        Assert.IsTrue(publicKey.Verify(blob, key.Sign(blob)));
        if (cosignSignature is not null)
        {
            Assert.IsTrue(publicKey.Verify(blob, Convert.FromBase64String(KeyTestData.Text(cosignSignature))), "cosign's signature");
        }
    }

    [TestMethod]
    [DataRow("openssl-p256-pkcs8.pem", "", "openssl-p256.pub", KeyAlgorithm.EcdsaP256, "openssl-p256-blob.sig")]
    [DataRow("openssl-p256-encrypted.pem", "openssl-test-password", "openssl-p256.pub", KeyAlgorithm.EcdsaP256, "openssl-p256-blob.sig")]
    [DataRow("openssl-p384-ec.pem", "", "openssl-p384.pub", KeyAlgorithm.EcdsaP384, "keygen-p384-blob.sig")]
    [DataRow("openssl-rsa2048-pkcs1.pem", "", "openssl-rsa2048.pub", KeyAlgorithm.Rsa, "openssl-rsa2048-blob.sig")]
    [DataRow("openssl-rsa2048-encrypted.pem", "openssl-test-password", "openssl-rsa2048.pub", KeyAlgorithm.Rsa, "keygen-rsa2048-blob.sig")]
    public void Reads_openssl_keys_of_every_supported_kind(string keyFile, string password, string pubFile, KeyAlgorithm algorithm, string signatureFile)
    {
        using var key = KeyFiles.LoadPrivateKey(KeyTestData.PathOf(keyFile), password);
        var publicKey = KeyFiles.LoadPublicKey(KeyTestData.PathOf(pubFile));

        Assert.AreEqual(algorithm, key.Algorithm);
        Assert.AreEqual(publicKey.Hint, key.PublicKey.Hint);
        var blob = KeyTestData.Bytes("blob.txt");
        Assert.IsTrue(publicKey.Verify(blob, Convert.FromBase64String(KeyTestData.Text(signatureFile))));
        Assert.IsTrue(publicKey.Verify(blob, key.Sign(blob)));
    }

    [TestMethod]
    public void A_cosign_key_wrapping_an_openssl_key_is_that_key()
    {
        using var wrapped = KeyFiles.LoadPrivateKey(KeyTestData.PathOf("keygen-rsa2048.key"), "cosign25-test-password");
        using var plain = KeyFiles.LoadPrivateKey(KeyTestData.PathOf("openssl-rsa2048-pkcs1.pem"), default);
        Assert.AreEqual(plain.PublicKey.Hint, wrapped.PublicKey.Hint);
    }

    [TestMethod]
    [DataRow("cosign25.key", "wrong")]
    [DataRow("cosign25.key", "")]
    [DataRow("cosign25-empty-password.key", "cosign25-test-password")]
    [DataRow("keygen-cosign-label.key", "passwörd-🔑")]
    [DataRow("openssl-p256-encrypted.pem", "wrong")]
    [DataRow("openssl-rsa2048-encrypted.pem", "")]
    public void A_wrong_password_is_SCSEC5003_and_the_message_holds_no_password(string keyFile, string password)
    {
        var path = KeyTestData.PathOf(keyFile);
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPrivateKey(path, password));
        Assert.AreEqual("SCSEC5003", error.Code);
        StringAssert.Contains(error.Message, path);
        if (password.Length > 0)
        {
            Assert.IsFalse(error.Message.Contains(password, StringComparison.Ordinal));
        }
    }

    [TestMethod]
    [DataRow("openssl-p521.pem", "ECDSA P-521")]
    [DataRow("openssl-rsa1024.pem", "RSA with 1024 bits")]
    public void Unsupported_private_key_types_are_SCSEC5006(string keyFile, string described)
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPrivateKey(KeyTestData.PathOf(keyFile), default));
        Assert.AreEqual("SCSEC5006", error.Code);
        StringAssert.Contains(error.Message, described);
    }

    [TestMethod]
    public void An_unsupported_public_key_type_is_SCSEC5006()
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPublicKey(KeyTestData.PathOf("openssl-p521.pub")));
        Assert.AreEqual("SCSEC5006", error.Code);
        StringAssert.Contains(error.Message, "ECDSA P-521");
    }

    [TestMethod]
    [DataRow("openssl-p256-encrypted-scrypt.pem", "scrypt")]
    [DataRow("openssl-p256-legacy-encrypted.pem", "Proc-Type")]
    public void Unsupported_encryption_is_SCSEC5005(string keyFile, string described)
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPrivateKey(KeyTestData.PathOf(keyFile), "openssl-test-password"));
        Assert.AreEqual("SCSEC5005", error.Code);
        StringAssert.Contains(error.Message, described);
    }

    [TestMethod]
    public void A_file_without_a_private_key_block_is_SCSEC5002_naming_what_it_found()
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPrivateKey(KeyTestData.PathOf("cosign25.pub"), default));
        Assert.AreEqual("SCSEC5002", error.Code);
        StringAssert.Contains(error.Message, "found PUBLIC KEY");

        Assert.AreEqual("SCSEC5002", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPublicKey(KeyTestData.Text("cosign25.key"))).Code);
        Assert.AreEqual("SCSEC5002", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey("not a key", default)).Code);
    }

    [TestMethod]
    public void A_missing_or_oversized_file_is_SCSEC5001()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            Assert.AreEqual("SCSEC5001", Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPrivateKey(Path.Combine(folder, "missing.key"), default)).Code);
            var large = Path.Combine(folder, "large.pub");
            File.WriteAllBytes(large, new byte[KeyFiles.MaxKeyFileBytes + 1]);
            Assert.AreEqual("SCSEC5001", Assert.ThrowsExactly<ScException>(() => KeyFiles.LoadPublicKey(large)).Code);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
