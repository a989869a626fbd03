using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>Damaged and unsupported cosign envelopes, built by editing cosign 2.5's own key file.</summary>
[TestClass]
public sealed class KeyFilesCorruptionTests
{
    private const string Password = "cosign25-test-password";

    [TestMethod]
    [DataRow("\"ciphertext\":\"", "\"ciphertext\":\"!!", DisplayName = "ciphertext is not base64")]
    [DataRow("\"kdf\":", "\"kdx\":", DisplayName = "kdf is missing")]
    [DataRow("\"nonce\":\"", "\"nonce\":\"AAAA", DisplayName = "nonce has the wrong length")]
    [DataRow("\"N\":65536", "\"N\":\"65536\"", DisplayName = "N is a string")]
    [DataRow("{\"kdf\"", "[{\"kdf\"", DisplayName = "not a JSON object")]
    public void A_damaged_envelope_is_SCSEC5004(string find, string replace)
    {
        var error = Assert.ThrowsExactly<ScException>(() => ReadEdited(find, replace));
        Assert.AreEqual("SCSEC5004", error.Code);
        StringAssert.Contains(error.Message, KeyFiles.SigstorePrivateKeyLabel);
    }

    [TestMethod]
    public void A_truncated_envelope_is_SCSEC5004()
    {
        var json = Encoding.UTF8.GetString(KeyFilesWriteTests.EnvelopeOf(KeyTestData.Text("cosign25.key")));
        var pem = PemOf(json[..(json.Length / 2)]);
        Assert.AreEqual("SCSEC5004", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(pem, Password)).Code);
    }

    [TestMethod]
    [DataRow("\"N\":65536", "\"N\":1048576", "N=1048576")]
    [DataRow("\"r\":8", "\"r\":16", "r=16")]
    [DataRow("\"name\":\"scrypt\"", "\"name\":\"argon2\"", "argon2")]
    [DataRow("\"name\":\"nacl/secretbox\"", "\"name\":\"aes-gcm\"", "aes-gcm")]
    public void Parameters_cosign_does_not_write_are_SCSEC5005(string find, string replace, string described)
    {
        var error = Assert.ThrowsExactly<ScException>(() => ReadEdited(find, replace));
        Assert.AreEqual("SCSEC5005", error.Code);
        StringAssert.Contains(error.Message, described);
    }

    [TestMethod]
    public void Member_names_match_case_insensitively_as_in_Go()
    {
        using var key = ReadEdited("\"ciphertext\":", "\"CipherText\":");
        Assert.AreEqual(KeyAlgorithm.EcdsaP256, key.Algorithm);
    }

    [TestMethod]
    public void The_legacy_cosign_label_reads_the_same_envelope()
    {
        var pem = KeyTestData.Text("cosign25.key").Replace("SIGSTORE", "COSIGN", StringComparison.Ordinal);
        using var key = KeyFiles.ReadPrivateKey(pem, Password);
        Assert.AreEqual(KeyFiles.ReadPublicKey(KeyTestData.Text("cosign25.pub")).Hint, key.PublicKey.Hint);
    }

    [TestMethod]
    public void An_altered_ciphertext_cannot_be_told_from_a_wrong_password_and_is_SCSEC5003()
    {
        var json = Encoding.UTF8.GetString(KeyFilesWriteTests.EnvelopeOf(KeyTestData.Text("cosign25.key")));
        var at = json.IndexOf("\"ciphertext\":\"", StringComparison.Ordinal) + 14;
        var altered = json[..at] + (json[at] == 'A' ? 'B' : 'A') + json[(at + 1)..];
        Assert.AreEqual("SCSEC5003", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(PemOf(altered), Password)).Code);
    }

    [TestMethod]
    [DataRow("PRIVATE KEY")]
    [DataRow("EC PRIVATE KEY")]
    [DataRow("RSA PRIVATE KEY")]
    public void Garbage_in_a_plain_private_key_block_is_SCSEC5004(string label)
    {
        var pem = $"-----BEGIN {label}-----\nMAMCAQA=\n-----END {label}-----\n";
        Assert.AreEqual("SCSEC5004", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(pem, default)).Code);
    }

    [TestMethod]
    public void Garbage_in_an_encrypted_PKCS8_block_is_SCSEC5004_not_a_password_error()
    {
        const string Pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        Assert.AreEqual("SCSEC5004", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(Pem, "p")).Code);
    }

    private static SigningKey ReadEdited(string find, string replace)
    {
        var json = Encoding.UTF8.GetString(KeyFilesWriteTests.EnvelopeOf(KeyTestData.Text("cosign25.key")));
        Assert.Contains(find, json);
        return KeyFiles.ReadPrivateKey(PemOf(json.Replace(find, replace, StringComparison.Ordinal)), Password, "edited.key");
    }

    private static string PemOf(string json) =>
        System.Security.Cryptography.PemEncoding.WriteString(KeyFiles.SigstorePrivateKeyLabel, Encoding.UTF8.GetBytes(json)) + "\n";
}
