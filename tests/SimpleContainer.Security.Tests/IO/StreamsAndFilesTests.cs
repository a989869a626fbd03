using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Tests.IO;

[TestClass]
public sealed class StreamsAndFilesTests
{
    [TestMethod]
    public async Task Verifying_stream_passes_matching_content_and_rejects_other_content_or_size_at_the_end()
    {
        var content = "layer bytes"u8.ToArray();
        var digest = Digest.Sha256(content);

        await using (var ok = new DigestVerifyingStream(new MemoryStream(content), digest, content.Length, "ok"))
        {
            using var copy = new MemoryStream();
            await ok.CopyToAsync(copy);
            CollectionAssert.AreEqual(content, copy.ToArray());
        }

        await using var wrong = new DigestVerifyingStream(new MemoryStream("other bytes"u8.ToArray()), digest, null, "wrong");
        Assert.AreEqual("SCSEC2002", (await Assert.ThrowsExactlyAsync<ScException>(() => wrong.CopyToAsync(Stream.Null))).Code);

        await using var longer = new DigestVerifyingStream(new MemoryStream(content), digest, content.Length - 1, "longer");
        Assert.AreEqual("SCSEC2002", (await Assert.ThrowsExactlyAsync<ScException>(() => longer.CopyToAsync(Stream.Null))).Code);
    }

    [TestMethod]
    public async Task Atomic_write_replaces_the_file_and_leaves_no_temporary_name()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var path = Path.Combine(folder, "nested", "image.json");

        await AtomicFile.WriteAllBytesAsync(path, "one"u8.ToArray());
        await AtomicFile.WriteAllBytesAsync(path, "two"u8.ToArray());

        Assert.AreEqual("two", await File.ReadAllTextAsync(path));
        Assert.AreEqual(1, Directory.GetFiles(Path.GetDirectoryName(path)!).Length);
    }

    [TestMethod]
    public async Task Atomic_write_into_an_unwritable_place_is_a_coded_error_and_leaves_the_old_file()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var blocker = Path.Combine(folder, "file");
        await File.WriteAllTextAsync(blocker, "I am a file, not a folder");

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => AtomicFile.WriteAllBytesAsync(Path.Combine(blocker, "image.json"), "x"u8.ToArray()));

        Assert.AreEqual("SCSEC9002", error.Code);
        Assert.AreEqual("I am a file, not a folder", await File.ReadAllTextAsync(blocker));
    }
}
