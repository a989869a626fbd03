using System.Text;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Tests.Signing.Keys;

[TestClass]
public sealed class ScryptTests
{
    // RFC 7914 section 12. The fourth vector (N=1048576, r=8, p=1) needs 1 GiB, four times the 256 MiB cap, so it
    // is left out here; Refuses_parameters_beyond_the_memory_cap checks that those parameters are refused instead.
    [TestMethod]
    [DataRow("", "", 16, 1, 1,
        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [DataRow("password", "NaCl", 1024, 8, 16,
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    [DataRow("pleaseletmein", "SodiumChloride", 16384, 8, 1,
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")]
    public void Matches_the_RFC_7914_test_vectors(string password, string salt, int n, int r, int p, string expected)
    {
        var key = Scrypt.DeriveKey(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), n, r, p, 64);
        Assert.AreEqual(expected, Convert.ToHexStringLower(key));
    }

    [TestMethod]
    public void Matches_python_hashlib_scrypt_including_the_three_cosign_work_factors()
    {
        var cases = KeyTestData.InteropVectors("scrypt").EnumerateArray().ToList();
        Assert.AreEqual(9, cases.Count);
        foreach (var c in cases)
        {
            var key = Scrypt.DeriveKey(
                Convert.FromHexString(c.GetProperty("password").GetString()!),
                Convert.FromHexString(c.GetProperty("salt").GetString()!),
                c.GetProperty("N").GetInt32(),
                c.GetProperty("r").GetInt32(),
                c.GetProperty("p").GetInt32(),
                c.GetProperty("length").GetInt32());
            Assert.AreEqual(c.GetProperty("key").GetString(), Convert.ToHexStringLower(key), $"N={c.GetProperty("N")} r={c.GetProperty("r")}");
        }
    }

    [TestMethod]
    [DataRow(0, 8, 1, 32)]
    [DataRow(1, 8, 1, 32)]
    [DataRow(3, 8, 1, 32)]
    [DataRow(65535, 8, 1, 32)]
    [DataRow(65536, 1, 1, 32)]
    [DataRow(16, 0, 1, 32)]
    [DataRow(16, 1, 0, 32)]
    [DataRow(16, 1 << 15, 1 << 15, 32)]
    [DataRow(16, 8, 1, 0)]
    public void Rejects_invalid_parameters(int n, int r, int p, int length)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey("p"u8, "s"u8, n, r, p, length));
    }

    [TestMethod]
    [DataRow(1048576, 8, 1)]
    [DataRow(524288, 8, 1)]
    [DataRow(16, 8, 262145)]
    public void Refuses_parameters_beyond_the_memory_cap(int n, int r, int p)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey("p"u8, "s"u8, n, r, p, 64));
        StringAssert.Contains(error.Message, "256 MiB");
    }

    [TestMethod]
    public void Accepts_the_largest_table_the_cap_allows()
    {
        Scrypt.Validate(262144, 8, 1, 32);
    }
}
