using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Tests.IO;

/// <summary>
/// A private key must never exist with a mode another user could open, not even for the moment between writing
/// and a chmod: the temporary file is created 0600 and the rename keeps the mode.
/// </summary>
[TestClass]
public sealed class AtomicFileModeTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_temporary_file_is_already_0600_while_it_is_being_written()
    {
        var folder = Directory.CreateTempSubdirectory("sc-atomic-mode-").FullName;
        var path = Path.Combine(folder, "cosign.key");
        var seen = new List<(string Name, UnixFileMode Mode)>();

        await AtomicFile.WriteAsync(path, AtomicFile.OwnerOnly, async (stream, token) =>
        {
            // Nothing has been written yet: whatever exists in the folder now is what another process could open.
            seen.AddRange(Directory.GetFiles(folder).Select(f => (Path.GetFileName(f), File.GetUnixFileMode(f))));
            await stream.WriteAsync("secret"u8.ToArray(), token);
        }, TestContext.CancellationToken);

        Assert.HasCount(1, seen);
        StringAssert.EndsWith(seen[0].Name, ".tmp");
        Assert.AreEqual(OwnerOnly, seen[0].Mode);
        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder), "no temporary file is left behind");
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public async Task Overwriting_a_world_readable_file_leaves_an_owner_only_file()
    {
        var folder = Directory.CreateTempSubdirectory("sc-atomic-mode-").FullName;
        var path = Path.Combine(folder, "cosign.key");
        await File.WriteAllTextAsync(path, "old", TestContext.CancellationToken);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await AtomicFile.WriteOwnerOnlyAsync(path, "new"u8.ToArray(), TestContext.CancellationToken);

        Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(path));
        Assert.AreEqual("new", await File.ReadAllTextAsync(path, TestContext.CancellationToken));
        Directory.Delete(folder, recursive: true);
    }
}
