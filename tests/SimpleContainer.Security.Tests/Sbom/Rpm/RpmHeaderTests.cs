using System.Buffers.Binary;
using SimpleContainer.Security.Sbom.Catalogers.Rpm;

namespace SimpleContainer.Security.Tests.Sbom.Rpm;

[TestClass]
public sealed class RpmHeaderTests
{
    [TestMethod]
    public void A_real_rpmdb_blob_starts_with_the_index_count_and_data_length_without_magic()
    {
        var blob = RpmTestData.Blobs()[1];

        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4));
        Assert.AreEqual(blob.Length, 8 + (indexCount * 16) + dataLength);
        var header = RpmHeader.Parse(blob, out var problem);
        Assert.IsNull(problem);
        Assert.AreEqual("sc-hello", header!.GetString(RpmTags.Name));
        Assert.AreEqual("1.2.3", header.GetString(RpmTags.Version));
        Assert.AreEqual("4.fc40", header.GetString(RpmTags.Release));
        Assert.IsNull(header.GetNumber(RpmTags.Epoch));
        Assert.AreEqual(6L, header.GetNumber(RpmTags.Size));
        Assert.AreEqual("Test Packager <test@example.org>", header.GetString(RpmTags.Packager));
    }

    [TestMethod]
    public void The_epoch_is_read_as_a_number()
    {
        var header = RpmHeader.Parse(RpmTestData.Blobs()[3], out _);

        Assert.AreEqual("sc-libfoo", header!.GetString(RpmTags.Name));
        Assert.AreEqual(2L, header.GetNumber(RpmTags.Epoch));
    }

    [TestMethod]
    [DataRow(0, "shorter than its 8-byte preamble")]
    [DataRow(7, "shorter than its 8-byte preamble")]
    [DataRow(8, "need")]
    [DataRow(500, "need")]
    public void A_truncated_blob_is_a_problem_not_an_exception(int length, string expected)
    {
        var blob = RpmTestData.Blobs()[1][..length];

        Assert.IsNull(RpmHeader.Parse(blob, out var problem));
        StringAssert.Contains(problem, expected);
    }

    [TestMethod]
    [DataRow(8, -1, "points at offset")]
    [DataRow(8, 0x7fffffff, "points at offset")]
    [DataRow(4, 99, "has type 99, not an rpm tag type")]
    [DataRow(12, 0x7fffffff, "has count")]
    [DataRow(12, 0, "has count")]
    public void An_index_entry_outside_the_data_store_is_a_problem(int field, int value, string expected)
    {
        var blob = RpmTestData.Blobs()[1];
        var entry = FindEntry(blob, RpmTags.Name);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(entry + field), value);

        Assert.IsNull(RpmHeader.Parse(blob, out var problem));
        StringAssert.Contains(problem, $"(tag {RpmTags.Name}) {expected}");
    }

    [TestMethod]
    public void A_number_past_the_end_of_the_data_store_is_a_problem()
    {
        var blob = RpmTestData.Blobs()[1];
        var entry = FindEntry(blob, RpmTags.Size);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4));
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(entry + 8), dataLength - 2);

        Assert.IsNull(RpmHeader.Parse(blob, out var problem));
        StringAssert.Contains(problem, "past the end of the");
    }

    [TestMethod]
    public void A_string_without_a_terminator_is_a_problem()
    {
        var blob = RpmTestData.Blobs()[1];
        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        blob.AsSpan(8 + (indexCount * 16)).Fill((byte)'x');

        Assert.IsNull(RpmHeader.Parse(blob, out var problem));
        StringAssert.Contains(problem, "without a NUL terminator");
    }

    [TestMethod]
    public void Absurd_counts_in_the_preamble_are_a_problem()
    {
        var blob = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(blob, int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(blob.AsSpan(4), int.MaxValue);

        Assert.IsNull(RpmHeader.Parse(blob, out var problem));
        StringAssert.Contains(problem, "outside rpm's limits");
    }

    /// <summary>The byte offset of the index entry of <paramref name="tag"/>.</summary>
    private static int FindEntry(byte[] blob, int tag)
    {
        var indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        for (var i = 0; i < indexCount; i++)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(8 + (i * 16))) == tag)
            {
                return 8 + (i * 16);
            }
        }

        throw new AssertFailedException($"tag {tag} is not in the header");
    }
}
