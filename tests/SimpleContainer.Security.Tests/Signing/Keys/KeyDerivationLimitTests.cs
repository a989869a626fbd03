using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

/// <summary>
/// Encrypted PKCS#8 keys name their own iteration count, and the BCL runs whatever they say (2^31-1 ran for more than
/// 88 s). Such keys are refused with SCSEC5040 before any key derivation runs. The hostile files are built here
/// (the ciphertext is never reached, so it is random bytes).
/// </summary>
[TestClass]
public sealed class KeyDerivationLimitTests
{
    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string HmacWithSha256 = "1.2.840.113549.2.9";
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    private const string Pkcs12TripleDes = "1.2.840.113549.1.12.1.3";

    [TestMethod]
    [DataRow(2147483647L, DisplayName = "PBKDF2 with 2^31-1 iterations")]
    [DataRow(5_000_001L, DisplayName = "PBKDF2 one iteration over the limit")]
    [DataRow(long.MaxValue, DisplayName = "PBKDF2 with 2^63-1 iterations")]
    public void A_PBES2_key_asking_for_more_iterations_than_the_limit_is_SCSEC5040(long iterations)
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(Pem(Pbes2Key(iterations)), "p", "hostile.pem"));
        Assert.AreEqual("SCSEC5040", error.Code);
        StringAssert.Contains(error.Message, "hostile.pem");
        StringAssert.Contains(error.Message, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void An_iteration_count_beyond_64_bits_is_SCSEC5040_too()
    {
        var error = Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(Pem(Pbes2Key(BigInteger.One << 80)), "p"));
        Assert.AreEqual("SCSEC5040", error.Code);
    }

    [TestMethod]
    public void A_PKCS12_scheme_key_asking_for_2_pow_31_iterations_is_SCSEC5040()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pkcs12TripleDes);
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(new byte[8]);
                    writer.WriteInteger(int.MaxValue);
                }
            }

            writer.WriteOctetString(RandomNumberGenerator.GetBytes(48));
        }

        Assert.AreEqual("SCSEC5040", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(Pem(writer.Encode()), "p")).Code);
    }

    [TestMethod]
    public void A_zero_iteration_count_is_a_damaged_key_SCSEC5004()
    {
        Assert.AreEqual("SCSEC5004", Assert.ThrowsExactly<ScException>(() => KeyFiles.ReadPrivateKey(Pem(Pbes2Key(0)), "p")).Code);
    }

    [TestMethod]
    public void A_key_at_the_usual_count_still_reads()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = ecdsa.ExportEncryptedPkcs8PrivateKey("p", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2048));
        using var key = KeyFiles.ReadPrivateKey(Pem(der), "p");
        Assert.AreEqual(KeyAlgorithm.EcdsaP256, key.Algorithm);
    }

    private static byte[] Pbes2Key(BigInteger iterations)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pbes2);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Pbkdf2);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(new byte[16]);
                            writer.WriteInteger(iterations);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(HmacWithSha256);
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Aes256Cbc);
                        writer.WriteOctetString(new byte[16]);
                    }
                }
            }

            writer.WriteOctetString(RandomNumberGenerator.GetBytes(48));
        }

        return writer.Encode();
    }

    private static string Pem(byte[] der) => PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", der);
}
