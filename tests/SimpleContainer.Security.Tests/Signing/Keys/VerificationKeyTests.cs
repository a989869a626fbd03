using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

[TestClass]
public sealed class VerificationKeyTests
{
    // base64(sha256(DER SPKI)) computed with: openssl pkey -pubin -in F -outform DER | openssl dgst -sha256 -binary | base64
    [TestMethod]
    [DataRow("cosign25.pub", "beLnANaD5lf6WSCx/mV2HGcFoe4GOZSz4He2Hs6fC84=", KeyAlgorithm.EcdsaP256)]
    [DataRow("openssl-p384.pub", "lU6Ag6yVYgHJGRrZImd8K/7KvzV+ZZwJZYP5Wcp4d4s=", KeyAlgorithm.EcdsaP384)]
    [DataRow("openssl-rsa2048.pub", "o42I+Vs3Ucw0E6yZu8niZ0TcGquzB48phR2mquL6C+E=", KeyAlgorithm.Rsa)]
    public void The_hint_is_base64_of_sha256_of_the_DER_key(string file, string hint, KeyAlgorithm algorithm)
    {
        var key = KeyFiles.ReadPublicKey(KeyTestData.Text(file));
        Assert.AreEqual(hint, key.Hint);
        Assert.AreEqual(algorithm, key.Algorithm);
        Assert.AreEqual(KeyTestData.Text(file), key.ToPem());
        Assert.AreEqual(hint, VerificationKey.FromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo).Hint);
    }

    [TestMethod]
    [DataRow("cosign25.pub", "cosign25-blob.sig")]
    [DataRow("openssl-rsa2048.pub", "openssl-rsa2048-blob.sig")]
    public void Malformed_or_foreign_signatures_are_false_never_an_exception(string file, string signatureFile)
    {
        var key = KeyFiles.ReadPublicKey(KeyTestData.Text(file));
        var blob = KeyTestData.Bytes("blob.txt");
        var good = Convert.FromBase64String(KeyTestData.Text(signatureFile));
        Assert.IsTrue(key.Verify(blob, good));

        var flipped = (byte[])good.Clone();
        flipped[^1] ^= 0x01;
        byte[][] bad = [[], [0x30], [0x30, 0x00], good[..^1], [.. good, 0x00], flipped, RandomNumberGenerator.GetBytes(good.Length), new byte[4096]];
        foreach (var signature in bad)
        {
            Assert.IsFalse(key.Verify(blob, signature), $"{signature.Length}-byte signature");
        }

        Assert.IsFalse(key.Verify("other content"u8, good));
    }

    [TestMethod]
    public void An_ECDSA_signature_is_ASN1_DER_not_IEEE_P1363()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var signature = key.Sign("payload"u8);
        Assert.AreEqual(0x30, signature[0]);
        Assert.AreEqual(signature.Length - 2, signature[1]);
    }

    [TestMethod]
    public void A_damaged_public_key_is_SCSEC5007()
    {
        var der = KeyFiles.ReadPublicKey(KeyTestData.Text("cosign25.pub")).SubjectPublicKeyInfo;
        Assert.AreEqual("SCSEC5007", Assert.ThrowsExactly<ScException>(() => VerificationKey.FromSubjectPublicKeyInfo(der.AsSpan(0, der.Length - 3))).Code);
        Assert.AreEqual("SCSEC5007", Assert.ThrowsExactly<ScException>(() => VerificationKey.FromSubjectPublicKeyInfo([.. der, 0x00])).Code);
        Assert.AreEqual("SCSEC5007", Assert.ThrowsExactly<ScException>(() => VerificationKey.FromSubjectPublicKeyInfo([0x30, 0x03, 0x02, 0x01, 0x00])).Code);

        var offCurve = (byte[])der.Clone();
        offCurve[^1] ^= 0x01;
        Assert.AreEqual("SCSEC5007", Assert.ThrowsExactly<ScException>(() => VerificationKey.FromSubjectPublicKeyInfo(offCurve)).Code);

        const string Pem = "-----BEGIN PUBLIC KEY-----\nMAMCAQA=\n-----END PUBLIC KEY-----\n";
        Assert.AreEqual("SCSEC5007", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPublicKey(Pem, "x.pub")).Code);
    }

    [TestMethod]
    public void The_key_bytes_handed_out_are_a_copy()
    {
        var key = KeyFiles.ReadPublicKey(KeyTestData.Text("cosign25.pub"));
        var bytes = key.SubjectPublicKeyInfo;
        bytes[^1] ^= 0xff;
        Assert.AreEqual("beLnANaD5lf6WSCx/mV2HGcFoe4GOZSz4He2Hs6fC84=", Convert.ToBase64String(SHA256.HashData(key.SubjectPublicKeyInfo)));
    }
}
