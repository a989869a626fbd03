using System.Collections.Frozen;
using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.Versions;

namespace SimpleContainer.Security.Scanning.Matching;

/// <summary>
/// How one installed package is looked up: the keys its advisories are filed under, which full OSV ecosystems count
/// as the image's release, and the version (in the advisories' own spelling) to evaluate with which ordering.
/// </summary>
internal sealed record AdvisoryQuery(
    ScanPackage Package,
    IReadOnlyList<AdvisoryKey> Keys,
    Func<string, bool> AcceptsEcosystem,
    string Version,
    IVersionComparer Comparer);

/// <summary>Builds the <see cref="AdvisoryQuery"/> of a package, or none for an ecosystem or release the builtin matcher does not cover.</summary>
internal static class AdvisoryQueries
{
    private static readonly FrozenDictionary<string, string> DebianCodenames = new Dictionary<string, string>
    {
        ["buster"] = "10",
        ["bullseye"] = "11",
        ["bookworm"] = "12",
        ["trixie"] = "13",
        ["forky"] = "14",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> UbuntuCodenames = new Dictionary<string, string>
    {
        ["bionic"] = "18.04",
        ["focal"] = "20.04",
        ["jammy"] = "22.04",
        ["noble"] = "24.04",
        ["oracular"] = "24.10",
        ["plucky"] = "25.04",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] SharedFrameworks = ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"];
    private static readonly string[] LinuxRuntimeIdentifiers = ["linux-x64", "linux-arm64", "linux-arm", "linux-musl-x64", "linux-musl-arm64", "linux-musl-arm"];

    public static AdvisoryQuery? For(ScanPackage package, ScanDistro? imageDistro)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Ecosystem switch
        {
            PackageEcosystem.NuGet => new AdvisoryQuery(
                package,
                [new AdvisoryKey("NuGet", package.Name), .. RuntimePacksOf(package.Name).Select(pack => new AdvisoryKey("NuGet", pack))],
                ecosystem => string.Equals(ecosystem, "NuGet", StringComparison.OrdinalIgnoreCase),
                package.Version,
                EcosystemVersionComparers.NuGet),
            PackageEcosystem.Deb => ForDeb(package, Release(package, imageDistro)),
            PackageEcosystem.Apk => ForApk(package, Release(package, imageDistro)),
            PackageEcosystem.Rpm => ForRpm(package, Release(package, imageDistro)),
            _ => null,
        };
    }

    /// <summary>
    /// A shared framework named without its runtime identifier (a deps.json with no runtime target) is the runtime pack
    /// of one of the Linux RIDs: advisories name the packs (<c>Microsoft.NETCore.App.Runtime.linux-x64</c>), each RID alike.
    /// </summary>
    private static IEnumerable<string> RuntimePacksOf(string name) =>
        SharedFrameworks.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? LinuxRuntimeIdentifiers.Select(rid => $"{name}.Runtime.{rid}")
            : [];

    /// <summary>Why a deb, apk or rpm package has no query (null for other ecosystems, which the matcher does not cover at all).</summary>
    public static string? WhyNotCovered(ScanPackage package, ScanDistro? imageDistro)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Ecosystem is not (PackageEcosystem.Deb or PackageEcosystem.Apk or PackageEcosystem.Rpm)) return null;
        return Release(package, imageDistro) is { } release
            ? $"the builtin matcher does not cover {package.Ecosystem.ToString().ToLowerInvariant()} packages of {release.Id} {release.Version}"
            : "no distro is known (no os-release in the image, no distro qualifier on the package)";
    }

    /// <summary>A binNMU (<c>1.2-3+b1</c>) is built from the source version without its <c>+bN</c> suffix.</summary>
    public static string SourceVersionOf(string binaryVersion)
    {
        var plus = binaryVersion.LastIndexOf("+b", StringComparison.Ordinal);
        return plus > 0 && plus + 2 < binaryVersion.Length && binaryVersion.AsSpan(plus + 2).IndexOfAnyExceptInRange('0', '9') < 0
            ? binaryVersion[..plus]
            : binaryVersion;
    }

    private static AdvisoryQuery? ForDeb(ScanPackage package, (string Id, string Version)? release)
    {
        if (release is not { } r) return null;
        var source = string.IsNullOrEmpty(package.SourceName) ? package.Name : package.SourceName;
        var version = string.IsNullOrEmpty(package.SourceVersion) ? SourceVersionOf(package.Version) : package.SourceVersion;
        switch (r.Id)
        {
            case "debian":
                var major = DebianCodenames.TryGetValue(r.Version, out var number) ? number : MajorOf(r.Version);
                return new AdvisoryQuery(package, [new AdvisoryKey("Debian", source)], e => EcosystemIs(e, "Debian", major), version, EcosystemVersionComparers.Dpkg);
            case "ubuntu":
                var ubuntu = UbuntuCodenames.TryGetValue(r.Version, out var ubuntuVersion) ? ubuntuVersion : r.Version;
                return new AdvisoryQuery(package, [new AdvisoryKey("Ubuntu", source)], e => IsUbuntuRelease(e, ubuntu), version, EcosystemVersionComparers.Dpkg);
            default:
                return null;
        }
    }

    private static AdvisoryQuery? ForApk(ScanPackage package, (string Id, string Version)? release)
    {
        if (release is not { Id: "alpine" } r) return null;
        var parts = r.Version.Split('.');
        var branch = parts.Length >= 2 ? $"v{parts[0]}.{parts[1]}" : r.Version;
        var origin = string.IsNullOrEmpty(package.SourceName) ? package.Name : package.SourceName;
        return new AdvisoryQuery(package, [new AdvisoryKey("Alpine", origin)], e => EcosystemIs(e, "Alpine", branch), package.Version, EcosystemVersionComparers.Apk);
    }

    private static AdvisoryQuery? ForRpm(ScanPackage package, (string Id, string Version)? release)
    {
        if (release is not { } r) return null;
        var major = MajorOf(r.Version);
        Func<string, bool>? accepts = r.Id switch
        {
            "almalinux" => e => EcosystemIs(e, "AlmaLinux", major),
            "rocky" or "rockylinux" => e => EcosystemIs(e, "Rocky Linux", major),
            "rhel" => e => IsRedHatRelease(e, major),
            _ => null,
        };
        if (accepts is null) return null;
        var family = r.Id switch { "almalinux" => "AlmaLinux", "rhel" => "Red Hat", _ => "Rocky Linux" };
        var names = new List<string> { package.Name };
        var source = SourceRpmName(package.SourceName);
        if (source is not null && !string.Equals(source, package.Name, StringComparison.Ordinal)) names.Add(source);
        var evr = Versions.RpmVersionComparer.Format(package.Epoch, package.Version);
        return new AdvisoryQuery(package, [.. names.Select(n => new AdvisoryKey(family, n))], accepts, evr, EcosystemVersionComparers.Rpm);
    }

    /// <summary>The source rpm's name without <c>-version-release.src.rpm</c> when the SBOM kept the file name.</summary>
    private static string? SourceRpmName(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm)) return null;
        if (!sourceRpm.EndsWith(".src.rpm", StringComparison.Ordinal)) return sourceRpm;
        var stem = sourceRpm[..^".src.rpm".Length];
        var release = stem.LastIndexOf('-');
        var version = release > 0 ? stem.LastIndexOf('-', release - 1) : -1;
        return version > 0 ? stem[..version] : stem;
    }

    /// <summary>The release the package came from: its purl <c>distro</c> qualifier (<c>debian-12</c>), else the image's os-release.</summary>
    private static (string Id, string Version)? Release(ScanPackage package, ScanDistro? imageDistro)
    {
        if (!string.IsNullOrEmpty(package.Distro))
        {
            var dash = package.Distro.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && dash < package.Distro.Length - 1)
            {
                return (package.Distro[..dash].ToLowerInvariant(), package.Distro[(dash + 1)..]);
            }
        }

        if (imageDistro is null) return null;
        var version = imageDistro.VersionId ?? imageDistro.Codename;
        return string.IsNullOrEmpty(version) ? null : (imageDistro.Id.ToLowerInvariant(), version);
    }

    private static string MajorOf(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? version : version[..dot];
    }

    private static bool EcosystemIs(string ecosystem, string family, string release) =>
        string.Equals(ecosystem, $"{family}:{release}", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>Ubuntu:24.04</c>, <c>Ubuntu:24.04:LTS</c>, <c>Ubuntu:Pro:24.04:LTS</c>, … all name release 24.04.</summary>
    private static bool IsUbuntuRelease(string ecosystem, string release)
    {
        var parts = ecosystem.Split(':');
        if (!string.Equals(parts[0], "Ubuntu", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = parts.Skip(1).Where(p => !p.Equals("LTS", StringComparison.OrdinalIgnoreCase) && !p.Equals("Pro", StringComparison.OrdinalIgnoreCase)).ToList();
        return rest.Count == 1 && string.Equals(rest[0], release, StringComparison.Ordinal);
    }

    /// <summary><c>Red Hat:enterprise_linux:9::appstream</c> and the like: the part after <c>enterprise_linux</c> is the major release.</summary>
    private static bool IsRedHatRelease(string ecosystem, string major)
    {
        var parts = ecosystem.Split(':');
        if (!string.Equals(parts[0], "Red Hat", StringComparison.OrdinalIgnoreCase)) return false;
        var at = Array.FindIndex(parts, p => p.Equals("enterprise_linux", StringComparison.OrdinalIgnoreCase));
        return at > 0 && at + 1 < parts.Length && (parts[at + 1] == major || parts[at + 1].StartsWith(major + ".", StringComparison.Ordinal));
    }
}
