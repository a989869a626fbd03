using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>Layer sets for the SBOM tests, built with the fixture LayerBuilder, and in-memory layer sources.</summary>
internal static class SbomTestImages
{
    public static readonly SbomSubject Subject = new()
    {
        Name = "localhost:5000/team/app",
        Digest = Digest.Sha256("manifest"u8),
    };

    public static readonly DateTimeOffset PinnedTime = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static readonly Guid PinnedId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static ImageLayer ToImageLayer(this Layer layer) => FromBytes(layer.Descriptor, layer.Blob);

    public static ImageLayer FromBytes(Descriptor descriptor, byte[] blob) =>
        new(descriptor, _ => Task.FromResult<Stream>(new MemoryStream(blob, writable: false)));

    public static IReadOnlyList<ImageLayer> Layers(params Layer[] layers) => layers.Select(l => l.ToImageLayer()).ToList();

    public static IReadOnlyList<ImageLayer> Debian() => Layers(FixtureImages.DebianLayer());

    public static IReadOnlyList<ImageLayer> Alpine() => Layers(FixtureImages.AlpineLayer());

    /// <summary>A distroless-style image: os-release and one dpkg stanza per file in status.d (no Status lines), with md5sums beside.</summary>
    public static IReadOnlyList<ImageLayer> StatusD() => Layers(new LayerBuilder()
        .File("etc/os-release", FixtureImages.OsReleaseDebian12)
        .Directory("var/lib/dpkg/status.d")
        .File("var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u11\nArchitecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\nInstalled-Size: 341\n")
        .File("var/lib/dpkg/status.d/base-files.md5sums", "8031d1483ffa9c819e6be94c6c77fd2a  etc/debian_version\n")
        .File("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u14\nArchitecture: amd64\nSource: glibc\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n")
        .File("var/lib/dpkg/status.d/netbase", "Package: netbase\r\nVersion: 6.4\r\nArchitecture: all\r\nSource: netbase (6.4)\r\n")
        .Build());

    /// <summary>
    /// Debian base, then a layer that removes tzdata's and ca-certificates' stanzas by replacing the status file,
    /// and adds an apk database that a third layer deletes with a whiteout.
    /// </summary>
    public static IReadOnlyList<ImageLayer> Whiteouts()
    {
        var trimmed = string.Join("\n\n", TestData.DebianDpkgStatus.Split("\n\n").Where(s => !s.StartsWith("Package: tzdata", StringComparison.Ordinal) && !s.StartsWith("Package: ca-certificates", StringComparison.Ordinal)));
        return Layers(
            FixtureImages.DebianLayer(),
            new LayerBuilder().File("var/lib/dpkg/status", trimmed).File("lib/apk/db/installed", TestData.AlpineApkInstalled).Build(),
            new LayerBuilder().Whiteout("lib/apk").Build());
    }

    public static SbomGenerator Generator(ImageFilesystemOptions? options = null, ILayerCatalogCache? cache = null) =>
        new(options: options, cache: cache, time: new FixedTimeProvider(PinnedTime), ids: new FixedIdSource(PinnedId));

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FixedIdSource(Guid id) : IDocumentIdSource
    {
        public Guid NewId() => id;
    }
}
