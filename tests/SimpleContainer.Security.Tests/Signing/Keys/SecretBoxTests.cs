using System.Security.Cryptography;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

[TestClass]
public sealed class SecretBoxTests
{
    // NaCl's tests/secretbox.c ("firstkey", "nonce", m without its 32 leading zero bytes) and the 147 bytes it
    // prints after the 16 zero bytes of the padded API: the tag, then the ciphertext.
    private const string FirstKey = "1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389";
    private const string Nonce = "69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37";
    private const string Message =
        "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f4" +
        "1db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52" +
        "f0a089bc76897040e082f937763848645e0705";
    private const string Box =
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b" +
        "4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da" +
        "99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5";

    [TestMethod]
    public void Seals_the_NaCl_test_vector()
    {
        var box = SecretBox.Seal(Hex(Message), Hex(Nonce), Hex(FirstKey));
        Assert.AreEqual(Box, Convert.ToHexStringLower(box));
        StringAssert.StartsWith(Convert.ToHexStringLower(box), "f3ffc7703f9400e5");
    }

    [TestMethod]
    public void Opens_the_NaCl_test_vector_and_refuses_it_with_any_byte_flipped()
    {
        CollectionAssert.AreEqual(Hex(Message), SecretBox.Open(Hex(Box), Hex(Nonce), Hex(FirstKey)));

        var box = Hex(Box);
        foreach (var index in new[] { 0, 15, 16, 100, box.Length - 1 })
        {
            var altered = (byte[])box.Clone();
            altered[index] ^= 0x01;
            Assert.ThrowsExactly<CryptographicException>(() => SecretBox.Open(altered, Hex(Nonce), Hex(FirstKey)), $"byte {index}");
        }

        var otherKey = Hex(FirstKey);
        otherKey[31] ^= 0x80;
        Assert.ThrowsExactly<CryptographicException>(() => SecretBox.Open(box, Hex(Nonce), otherKey));
        var otherNonce = Hex(Nonce);
        otherNonce[0] ^= 0x01;
        Assert.ThrowsExactly<CryptographicException>(() => SecretBox.Open(box, otherNonce, Hex(FirstKey)));
    }

    [TestMethod]
    public void Matches_python3_nacl_for_every_length_around_the_block_boundaries()
    {
        var cases = KeyTestData.InteropVectors("secretbox").EnumerateArray().ToList();
        Assert.AreEqual(17, cases.Count);
        foreach (var c in cases)
        {
            var key = Hex(c.GetProperty("key").GetString()!);
            var nonce = Hex(c.GetProperty("nonce").GetString()!);
            var message = Hex(c.GetProperty("message").GetString()!);
            var expected = c.GetProperty("box").GetString()!;
            Assert.AreEqual(expected, Convert.ToHexStringLower(SecretBox.Seal(message, nonce, key)), $"length {message.Length}");
            CollectionAssert.AreEqual(message, SecretBox.Open(Hex(expected), nonce, key), $"length {message.Length}");
        }
    }

    [TestMethod]
    public void Refuses_a_box_shorter_than_the_tag_and_wrong_sizes()
    {
        Assert.ThrowsExactly<CryptographicException>(() => SecretBox.Open(new byte[15], new byte[24], new byte[32]));
        Assert.ThrowsExactly<ArgumentException>(() => SecretBox.Seal([], new byte[23], new byte[32]));
        Assert.ThrowsExactly<ArgumentException>(() => SecretBox.Seal([], new byte[24], new byte[31]));
    }

    // Poly1305 on its own: the key NaCl's secretbox vector derives (from poly1305-donna's self test) and the
    // wrap-around case whose result is 2^130 - 2 + ... = 3 mod p, which exercises the final reduction.
    [TestMethod]
    [DataRow("eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880",
        "8e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74e355a5",
        "f3ffc7703f9400e52a7dfb4b3d3305d9")]
    [DataRow("0200000000000000000000000000000000000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff",
        "03000000000000000000000000000000")]
    public void Poly1305_matches_the_donna_vectors(string key, string message, string tag)
    {
        var actual = new byte[16];
        Poly1305.ComputeTag(Hex(key), Hex(message), actual);
        Assert.AreEqual(tag, Convert.ToHexStringLower(actual));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
