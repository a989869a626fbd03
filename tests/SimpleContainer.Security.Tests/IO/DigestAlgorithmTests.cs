using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Tests.Sbom;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.Tests.IO;

/// <summary>Every algorithm OCI registers (sha256, sha512) is verified; any other is refused with a code.</summary>
[TestClass]
public sealed class DigestAlgorithmTests
{
    [TestMethod]
    public async Task A_sha512_blob_whose_bytes_differ_from_its_digest_is_refused()
    {
        var content = "layer bytes"u8.ToArray();
        var declared = Sha512("other bytes"u8.ToArray());

        await using var stream = new DigestVerifyingStream(new MemoryStream(content), declared, content.Length, "blob");

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => stream.CopyToAsync(Stream.Null));
        Assert.AreEqual("SCSEC2002", error.Code);
        StringAssert.Contains(error.Message, Sha512(content).ToString(), "the actual digest is named with its own algorithm");
    }

    [TestMethod]
    public async Task A_sha512_blob_with_its_digest_reads_through()
    {
        var content = "layer bytes"u8.ToArray();

        await using var stream = new DigestVerifyingStream(new MemoryStream(content), Sha512(content), content.Length, "blob");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        CollectionAssert.AreEqual(content, copy.ToArray());
    }

    [TestMethod]
    public async Task An_sbom_is_not_made_from_a_layer_whose_bytes_do_not_match_its_sha512_digest()
    {
        var real = FixtureImages.DebianLayer();
        var forged = new LayerBuilder().File("etc/os-release", FixtureImages.OsReleaseDebian12).Build();
        var descriptor = real.Descriptor with { Digest = Sha512(real.Blob), Size = forged.Blob.Length };
        var layer = SbomTestImages.FromBytes(descriptor, forged.Blob);

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => SbomTestImages.Generator().GenerateAsync(SbomTestImages.Subject, [layer]));

        Assert.AreEqual("SCSEC2002", error.Code);
    }

    [TestMethod]
    public void A_digest_with_an_algorithm_oci_does_not_register_is_a_coded_error()
    {
        var sha384 = "sha384:" + Convert.ToHexStringLower(SHA384.HashData("x"u8));

        Assert.AreEqual("SCSEC2030", Assert.ThrowsExactly<ScException>(() => Digest.Parse(sha384)).Code);
        Assert.AreEqual("SCSEC2030", Assert.ThrowsExactly<ScException>(() => new DigestVerifyingStream(Stream.Null, default, null, "blob")).Code);
        Assert.AreEqual("SCSEC2030", Assert.ThrowsExactly<ScException>(() => default(Digest).Verify("x"u8, "blob")).Code);
    }

    private static Digest Sha512(byte[] content) => Digest.Parse("sha512:" + Convert.ToHexStringLower(SHA512.HashData(content)));
}
