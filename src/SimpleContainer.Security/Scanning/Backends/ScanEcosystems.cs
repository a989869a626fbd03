namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>Maps the package kinds grype and trivy name (purl types, grype artifact types, trivy result types) to <see cref="PackageEcosystem"/>.</summary>
internal static class ScanEcosystems
{
    /// <summary>A purl type (<c>deb</c>, <c>apk</c>, <c>rpm</c>, <c>nuget</c>) or a grype artifact type (<c>dotnet</c>).</summary>
    public static PackageEcosystem FromPackageType(string? type) => type?.ToLowerInvariant() switch
    {
        "deb" => PackageEcosystem.Deb,
        "apk" => PackageEcosystem.Apk,
        "rpm" => PackageEcosystem.Rpm,
        "nuget" or "dotnet" => PackageEcosystem.NuGet,
        _ => PackageEcosystem.Other,
    };

    /// <summary>
    /// A trivy result <c>Type</c>: the OS family for OS packages (pkg/fanal/types/const.go) or the language analyser
    /// (<c>dotnet-core</c>, <c>nuget</c>, <c>packages-props</c>).
    /// </summary>
    public static PackageEcosystem FromTrivyResultType(string? type) => type?.ToLowerInvariant() switch
    {
        "debian" or "ubuntu" => PackageEcosystem.Deb,
        "alpine" or "wolfi" or "chainguard" => PackageEcosystem.Apk,
        "redhat" or "centos" or "rocky" or "alma" or "almalinux" or "amazon" or "fedora" or "oracle" or "photon"
            or "suse linux enterprise server" or "opensuse.leap" or "opensuse.tumbleweed" or "cbl-mariner" or "azurelinux" => PackageEcosystem.Rpm,
        "dotnet-core" or "nuget" or "packages-props" => PackageEcosystem.NuGet,
        _ => PackageEcosystem.Other,
    };
}
