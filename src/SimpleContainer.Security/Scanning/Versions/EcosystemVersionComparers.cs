namespace SimpleContainer.Security.Scanning.Versions;

/// <summary>Which version ordering an OSV ecosystem uses (<c>Debian:12</c> → dpkg, <c>Alpine:v3.20</c> → apk, …).</summary>
public static class EcosystemVersionComparers
{
    public static IVersionComparer Dpkg { get; } = new DpkgVersionComparer();

    public static IVersionComparer Apk { get; } = new ApkVersionComparer();

    public static IVersionComparer Rpm { get; } = new RpmVersionComparer();

    public static IVersionComparer NuGet { get; } = new NuGetVersionComparer();

    public static IVersionComparer SemVer { get; } = new SemVerComparer();

    /// <summary>
    /// The comparer of an OSV ecosystem string, by its family (the part before the first ':'); null for an
    /// ecosystem the builtin matcher does not know.
    /// </summary>
    public static IVersionComparer? ForEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        var family = (colon < 0 ? ecosystem : ecosystem[..colon]).Trim();
        return family.ToUpperInvariant() switch
        {
            "NUGET" => NuGet,
            "DEBIAN" or "UBUNTU" => Dpkg,
            "ALPINE" or "WOLFI" or "CHAINGUARD" => Apk,
            "ALMALINUX" or "ROCKY LINUX" or "OPENSUSE" or "SUSE" or "MAGEIA" or "OPENEULER" or "AZURE LINUX" => Rpm,
            _ when family.StartsWith("Red Hat", StringComparison.OrdinalIgnoreCase) => Rpm,
            _ => null,
        };
    }

    /// <summary>The comparer for a package the scan found.</summary>
    public static IVersionComparer? ForPackage(PackageEcosystem ecosystem) => ecosystem switch
    {
        PackageEcosystem.NuGet => NuGet,
        PackageEcosystem.Deb => Dpkg,
        PackageEcosystem.Apk => Apk,
        PackageEcosystem.Rpm => Rpm,
        _ => null,
    };
}
