using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Scanning;

/// <summary>The package managers a scan knows how to match; anything else is carried but not matched by the builtin matcher.</summary>
public enum PackageEcosystem
{
    Other,
    NuGet,
    Deb,
    Apk,
    Rpm,
}

/// <summary>
/// One package of the image as the scanners see it, taken from an SBOM component. For dpkg packages
/// <see cref="SourceName"/>/<see cref="SourceVersion"/> name the source package (Debian's advisories are per source
/// package); for rpm <see cref="SourceName"/> is the source rpm's name. <see cref="Distro"/> is the purl <c>distro</c>
/// qualifier (<c>debian-12</c>, <c>alpine-3.20.3</c>, <c>ubuntu-24.04</c>).
/// </summary>
public sealed record ScanPackage
{
    public required PackageEcosystem Ecosystem { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public Purl? Purl { get; init; }

    public string? SourceName { get; init; }

    public string? SourceVersion { get; init; }

    public string? Distro { get; init; }

    /// <summary>The rpm epoch, when the package has one (the version itself is <c>version-release</c>).</summary>
    public long? Epoch { get; init; }

    /// <summary>Where in the image the package was found (a path or a layer digest), for reports.</summary>
    public string? Location { get; init; }

    /// <summary>The purl as text, or <c>ecosystem/name@version</c> when there is none: the package's key in reports.</summary>
    public string Key => Purl?.ToString() ?? $"{Ecosystem.ToString().ToLowerInvariant()}/{Name}@{Version}";
}

/// <summary>The operating system of the image (from os-release): <c>debian</c> <c>12</c>, <c>alpine</c> <c>3.20.3</c>.</summary>
public sealed record ScanDistro(string Id, string? VersionId, string? Codename = null);

/// <summary>What one scan looks at: the packages of one platform image, and its operating system.</summary>
public sealed record ScanTarget
{
    /// <summary>The image, <c>registry/repository@sha256:…</c>, or the SBOM file's name when scanning an SBOM alone.</summary>
    public required string Name { get; init; }

    /// <summary>The platform image's manifest digest, when known.</summary>
    public string? Digest { get; init; }

    /// <summary><c>linux/amd64</c> for one platform of a multi-arch image; null for a single image.</summary>
    public string? Platform { get; init; }

    public ScanDistro? Distro { get; init; }

    public required IReadOnlyList<ScanPackage> Packages { get; init; }
}
