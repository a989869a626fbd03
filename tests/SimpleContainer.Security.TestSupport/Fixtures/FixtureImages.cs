using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.TestSupport.Fixtures;

/// <summary>The base images every test run seeds into its registry.</summary>
public sealed record FixtureImageSet(PushedImage Debian, PushedImage DebianDocker, PushedImage Alpine, PushedImage DotnetRuntime, PushedImage MultiArch, PushedImage MultiArchDocker);

public static class FixtureImages
{
    public static readonly Platform Amd64 = new() { Os = "linux", Architecture = "amd64" };
    public static readonly Platform Arm64 = new() { Os = "linux", Architecture = "arm64", Variant = "v8" };

    public const string OsReleaseDebian12 = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"

        """;

    public const string OsReleaseAlpine320 = """
        NAME="Alpine Linux"
        ID=alpine
        VERSION_ID=3.20.3
        PRETTY_NAME="Alpine Linux v3.20"
        HOME_URL="https://alpinelinux.org/"
        BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"

        """;

    /// <summary>A Debian 12 root filesystem layer: os-release, debian_version and a real dpkg status database.</summary>
    public static Layer DebianLayer(string architecture = "amd64") => new LayerBuilder()
        .Directory("etc")
        .File("etc/os-release", OsReleaseDebian12)
        .File("etc/debian_version", "12.11\n")
        .File("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        .File("etc/group", "root:x:0:\n")
        .Directory("root", (UnixFileMode)0b111_000_000)
        .Directory("tmp", (UnixFileMode)0b1_111_111_111)
        .Directory("var/lib/dpkg")
        .File("var/lib/dpkg/status", TestData.DebianDpkgStatus.Replace("Architecture: amd64", $"Architecture: {architecture}", StringComparison.Ordinal))
        .Build();

    public static Layer AlpineLayer() => new LayerBuilder()
        .Directory("etc")
        .File("etc/os-release", OsReleaseAlpine320)
        .File("etc/alpine-release", "3.20.3\n")
        .Directory("lib/apk/db")
        .File("lib/apk/db/installed", TestData.AlpineApkInstalled)
        .Build();

    /// <summary>A layer with the .NET shared runtime's deps.json, where the runtime images keep it.</summary>
    public static Layer DotnetRuntimeLayer() => new LayerBuilder()
        .Directory($"usr/share/dotnet/shared/Microsoft.NETCore.App/{TestData.NetCoreAppVersion}")
        .File($"usr/share/dotnet/shared/Microsoft.NETCore.App/{TestData.NetCoreAppVersion}/Microsoft.NETCore.App.deps.json", TestData.NetCoreAppDepsJson)
        .Symlink("usr/bin/dotnet", "../share/dotnet/dotnet")
        .Build();

    /// <summary>Pushes every fixture image into <paramref name="registry"/> under <c>fixtures/…</c>.</summary>
    public static async Task<FixtureImageSet> SeedAsync(RegistryClient client, string registry, CancellationToken cancellationToken = default)
    {
        var builder = new ImageFixtureBuilder(client);
        ImageReference Ref(string repository, string tag) => ImageReference.Create(registry, repository, tag);

        var debian = await builder.PushImageAsync(Ref("fixtures/debian", "12"), [DebianLayer()], Amd64, cancellationToken: cancellationToken);
        var debianDocker = await builder.PushImageAsync(Ref("fixtures/debian-docker", "12"), [DebianLayer()], Amd64, ImageFormat.Docker, cancellationToken: cancellationToken);
        var alpine = await builder.PushImageAsync(Ref("fixtures/alpine", "3.20"), [AlpineLayer()], Amd64, cancellationToken: cancellationToken);

        var runtimeAmd64 = await builder.PushImageAsync(Ref("fixtures/dotnet-runtime", "10.0-amd64"), [DebianLayer(), DotnetRuntimeLayer()], Amd64, cancellationToken: cancellationToken);
        var runtimeArm64 = await builder.PushImageAsync(Ref("fixtures/dotnet-runtime", "10.0-arm64"), [DebianLayer("arm64"), DotnetRuntimeLayer()], Arm64, cancellationToken: cancellationToken);
        var runtime = await builder.PushIndexAsync(Ref("fixtures/dotnet-runtime", "10.0"), [runtimeAmd64, runtimeArm64], cancellationToken: cancellationToken);

        var amd64 = await builder.PushImageAsync(Ref("fixtures/multiarch", "amd64"), [DebianLayer()], Amd64, cancellationToken: cancellationToken);
        var arm64 = await builder.PushImageAsync(Ref("fixtures/multiarch", "arm64"), [DebianLayer("arm64")], Arm64, cancellationToken: cancellationToken);
        var multiArch = await builder.PushIndexAsync(Ref("fixtures/multiarch", "12"), [amd64, arm64], cancellationToken: cancellationToken);

        var amd64Docker = await builder.PushImageAsync(Ref("fixtures/multiarch-docker", "amd64"), [DebianLayer()], Amd64, ImageFormat.Docker, cancellationToken: cancellationToken);
        var arm64Docker = await builder.PushImageAsync(Ref("fixtures/multiarch-docker", "arm64"), [DebianLayer("arm64")], Arm64, ImageFormat.Docker, cancellationToken: cancellationToken);
        var multiArchDocker = await builder.PushIndexAsync(Ref("fixtures/multiarch-docker", "12"), [amd64Docker, arm64Docker], ImageFormat.Docker, cancellationToken);

        return new FixtureImageSet(debian, debianDocker, alpine, runtime, multiArch, multiArchDocker);
    }
}
