using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>
/// Ed25519 keys, as cosign 2.5 takes them (import-key-pair of an OpenSSL key, pure Ed25519 over the message). The
/// oracles are OpenSSL's and cosign's own signatures of blob.txt, which are equal: Ed25519 is deterministic.
/// </summary>
[TestClass]
public sealed class Ed25519KeyTests
{
    private const string Password = "cosign25-test-password";

    [TestMethod]
    public void An_OpenSSL_PKCS8_key_signs_exactly_as_OpenSSL_and_cosign_do()
    {
        using var key = KeyFiles.LoadPrivateKey(KeyTestData.PathOf("openssl-ed25519.pem"), default);

        Assert.AreEqual(KeyAlgorithm.Ed25519, key.Algorithm);
        var signature = Convert.ToBase64String(key.Sign(KeyTestData.Bytes("blob.txt")));
        Assert.AreEqual(KeyTestData.Text("openssl-ed25519-blob.sig").Trim(), signature);
        Assert.AreEqual(KeyTestData.Text("cosign25-ed25519-blob.sig").Trim(), signature);
        Assert.AreEqual(KeyTestData.Text("openssl-ed25519.pub"), key.PublicKey.ToPem());
    }

    [TestMethod]
    public void A_key_imported_by_cosign_decrypts_and_signs_as_cosign_did()
    {
        using var key = KeyFiles.LoadPrivateKey(KeyTestData.PathOf("cosign25-ed25519.key"), Password);

        Assert.AreEqual(KeyTestData.Text("cosign25-ed25519.pub"), key.PublicKey.ToPem());
        Assert.AreEqual(KeyTestData.Text("cosign25-ed25519-blob.sig").Trim(), Convert.ToBase64String(key.Sign(KeyTestData.Bytes("blob.txt"))));
    }

    [TestMethod]
    public void The_public_key_verifies_cosigns_signature_and_nothing_altered()
    {
        var key = KeyFiles.LoadPublicKey(KeyTestData.PathOf("cosign25-ed25519.pub"));
        var blob = KeyTestData.Bytes("blob.txt");
        var signature = Convert.FromBase64String(KeyTestData.Text("cosign25-ed25519-blob.sig").Trim());

        Assert.AreEqual(KeyAlgorithm.Ed25519, key.Algorithm);
        Assert.IsTrue(key.Verify(blob, signature));
        var altered = (byte[])signature.Clone();
        altered[10] ^= 1;
        Assert.IsFalse(key.Verify(blob, altered));
        Assert.IsFalse(key.Verify([.. blob, (byte)'!'], signature));
        Assert.IsFalse(key.Verify(blob, signature.AsSpan(0, 63)));
        Assert.IsFalse(KeyFiles.LoadPublicKey(KeyTestData.PathOf("cosign25.pub")).Verify(blob, signature));
    }

    [TestMethod]
    public void Re_encrypting_cosigns_Ed25519_key_with_its_salt_and_nonce_gives_cosigns_file_byte_for_byte()
    {
        var original = KeyTestData.Text("cosign25-ed25519.key");
        var envelope = KeyFilesWriteTests.EnvelopeOf(original);
        using var document = JsonDocument.Parse(envelope);
        var salt = document.RootElement.GetProperty("kdf").GetProperty("salt").GetBytesFromBase64();
        var nonce = document.RootElement.GetProperty("cipher").GetProperty("nonce").GetBytesFromBase64();
        using var key = KeyFiles.LoadPrivateKey(KeyTestData.PathOf("cosign25-ed25519.key"), Password);

        var pkcs8 = key.ExportPkcs8PrivateKey();
        Assert.AreEqual(original, KeyFiles.EncryptCosignPrivateKey(pkcs8, Password, 65536, salt, nonce));
    }

    [TestMethod]
    public void A_damaged_Ed25519_key_is_SCSEC5004()
    {
        // PKCS#8 v0 with the Ed25519 OID and a 31-byte seed.
        var der = Convert.FromHexString("302d020100300506032b657004210420" + new string('a', 62));
        var pem = System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", der);
        Assert.AreEqual("SCSEC5004", Assert.ThrowsExactly<SimpleContainer.Security.Diagnostics.ScException>(() => KeyFiles.ReadPrivateKey(pem, default)).Code);
    }
}
