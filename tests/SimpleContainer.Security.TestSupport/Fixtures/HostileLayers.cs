using System.Text;

namespace SimpleContainer.Security.TestSupport.Fixtures;

/// <summary>
/// Layers that try to hide packages of the Debian fixture base from the SBOM (issue 11). Each case is the base layer
/// plus hostile layers, and what a reader that sees the filesystem as container runtimes do must make of it: every
/// base package still listed, or the image refused with a coded error.
/// </summary>
public static class HostileLayers
{
    /// <summary>The eight dpkg packages of <see cref="FixtureImages.DebianLayer"/>.</summary>
    public static readonly string[] BasePackages = ["base-files", "ca-certificates", "libc6", "libgcc-s1", "libssl3", "libstdc++6", "tzdata", "zlib1g"];

    /// <summary>Layers on top of the Debian base; <paramref name="RefusedWith"/> is the code the image must be refused with, or null when every base package must be listed.</summary>
    public sealed record HostileImage(string Name, IReadOnlyList<Layer> Layers, string? RefusedWith)
    {
        public override string ToString() => Name;
    }

    /// <summary>The status file without the openssl stanza, for layers that try to replace the real one.</summary>
    public static string StatusWithoutOpenssl =>
        string.Join("\n\n", TestData.DebianDpkgStatus.Split("\n\n").Where(s => !s.StartsWith("Package: libssl3", StringComparison.Ordinal)));

    /// <summary>A backslash is an ordinary filename character on Linux: these are two harmless files in '/'.</summary>
    public static Layer Backslashes() => new LayerBuilder()
        .File("var\\lib\\.wh.dpkg", [])
        .File("var\\lib\\dpkg\\status", StatusWithoutOpenssl)
        .Build();

    /// <summary>The status file becomes a hard link to a copy of itself, and a later layer empties the copy: the link keeps the content it had.</summary>
    public static IReadOnlyList<Layer> HardLinkThenEmptyTarget() =>
    [
        new LayerBuilder().Directory("srv").File("srv/db", TestData.DebianDpkgStatus).HardLink("var/lib/dpkg/status", "srv/db").Build(),
        new LayerBuilder().File("srv/db", "").Build(),
    ];

    /// <summary>
    /// Every hiding trick that a runtime sees through, on separate files so each alone would lose openssl's
    /// advisory: backslash names that look like a whiteout of /var/lib/dpkg and a replacement of its status, and
    /// /etc/os-release as a hard link to a copy that a later layer empties.
    /// </summary>
    public static IReadOnlyList<Layer> SeenThrough() =>
    [
        FixtureImages.DebianLayer(),
        Backslashes(),
        new LayerBuilder().Directory("srv").File("srv/os", FixtureImages.OsReleaseDebian12).HardLink("etc/os-release", "srv/os").Build(),
        new LayerBuilder().File("srv/os", "").Build(),
    ];

    /// <summary>An entry that Go's archive/tar and Python's tarfile rename through a PAX GNU.sparse.name record.</summary>
    public static Layer SparseRename() => new LayerBuilder()
        .PaxFile("var/lib/.wh.dpkg", [], new Dictionary<string, string> { ["GNU.sparse.major"] = "1", ["GNU.sparse.minor"] = "0", ["GNU.sparse.name"] = "harmless" })
        .Build();

    /// <summary>A dpkg status file padded past the 64 MiB per-file limit.</summary>
    public static Layer PaddedStatus()
    {
        var padded = new StringBuilder(TestData.DebianDpkgStatus).Append('\n', (64 * 1024 * 1024) + 1).ToString();
        return new LayerBuilder().File("var/lib/dpkg/status", padded).Build();
    }

    public static IEnumerable<HostileImage> All()
    {
        var debian = FixtureImages.DebianLayer();
        yield return new("backslash-names", [debian, Backslashes()], null);
        yield return new("hard-link-keeps-content", [debian, .. HardLinkThenEmptyTarget()], null);
        yield return new("gnu-sparse-rename", [debian, SparseRename()], "SCSEC3020");
        yield return new("gnu-sparse-type", [debian, new LayerBuilder().RawHeader("var/lib/.wh.dpkg", 'S').Build()], "SCSEC3020");
        yield return new("unknown-type-flag", [debian, new LayerBuilder().RawHeader("var/lib/.wh.dpkg", 'Z').Build()], "SCSEC3020");
        yield return new("padded-status", [debian, PaddedStatus()], "SCSEC3006");
        // containerd writes ../var/lib/dpkg/status as /var/lib/dpkg/status; a reader that skips it lists the old one.
        yield return new("climbing-entry", [debian, new LayerBuilder().File("../var/lib/dpkg/status", StatusWithoutOpenssl).Build()], "SCSEC3005");
    }
}
