using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Scanning;

namespace SimpleContainer.Security.Tests.Scanning.Policy;

internal static class PolicyTestFindings
{
    public static Finding NuGet(string id, string package, string version, Severity severity, params string[] aliases) => new()
    {
        VulnerabilityId = id,
        Aliases = aliases,
        Package = new ScanPackage { Ecosystem = PackageEcosystem.NuGet, Name = package, Version = version, Purl = Purl.NuGet(package, version) },
        Severity = severity,
        FoundBy = ["builtin"],
    };

    public static Finding Deb(string id, string package, string version, Severity severity) => new()
    {
        VulnerabilityId = id,
        Package = new ScanPackage { Ecosystem = PackageEcosystem.Deb, Name = package, Version = version, Purl = Purl.Deb("debian", package, version, "amd64", "debian-12"), Distro = "debian-12" },
        Severity = severity,
        FoundBy = ["builtin"],
    };
}
