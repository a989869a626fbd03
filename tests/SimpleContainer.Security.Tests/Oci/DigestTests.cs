using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class DigestTests
{
    [TestMethod]
    public void Sha256_of_known_content_matches_the_reference_value()
    {
        // sha256("") from FIPS 180-2 examples.
        Assert.AreEqual("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Sha256([]).ToString());
        Assert.AreEqual("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", Digest.Sha256("{}"u8).ToString());
    }

    [TestMethod]
    public void Verify_rejects_other_content_with_both_digests_in_the_message()
    {
        var digest = Digest.Sha256("a"u8);
        digest.Verify("a"u8, "test");
        var error = Assert.ThrowsExactly<ScException>(() => digest.Verify("b"u8, "blob x"));
        Assert.AreEqual("SCSEC2002", error.Code);
        StringAssert.Contains(error.Message, digest.ToString());
        StringAssert.Contains(error.Message, Digest.Sha256("b"u8).ToString());
    }

    [TestMethod]
    [DataRow("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [DataRow("sha256:e3b0")]
    [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow(":abc")]
    public void Rejects_malformed_digests(string text)
    {
        Assert.IsFalse(Digest.TryParse(text, out _));
        Assert.AreEqual("SCSEC2003", Assert.ThrowsExactly<ScException>(() => Digest.Parse(text)).Code);
    }

    [TestMethod]
    public void A_well_formed_digest_of_an_algorithm_oci_does_not_register_is_refused_as_unsupported()
    {
        Assert.IsFalse(Digest.TryParse("md5:d41d8cd98f00b204e9800998ecf8427e", out _));
        Assert.AreEqual("SCSEC2030", Assert.ThrowsExactly<ScException>(() => Digest.Parse("md5:d41d8cd98f00b204e9800998ecf8427e")).Code);
    }

    [TestMethod]
    public void Accepts_sha512_when_reading_and_gives_the_cosign_tag_prefix()
    {
        var sha512 = "sha512:" + new string('a', 128);
        Assert.IsTrue(Digest.TryParse(sha512, out var digest));
        Assert.AreEqual("sha512-" + new string('a', 128), digest.ToTagPrefix());
        Assert.AreEqual("sha512", digest.Algorithm);
        Assert.AreEqual("sha512", digest.ComputeFor(Encoding.UTF8.GetBytes("x")).Algorithm);
    }
}
