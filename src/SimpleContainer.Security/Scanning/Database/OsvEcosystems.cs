namespace SimpleContainer.Security.Scanning.Database;

/// <summary>
/// The OSV ecosystems an image needs, named as OSV's bucket names its folders (<c>Debian:12</c>, <c>Alpine:v3.20</c>,
/// <c>AlmaLinux:9</c>, <c>Rocky Linux:9</c>, <c>NuGet</c>; Ubuntu and Red Hat by family, whose release folders carry
/// more than the os-release version): from the image's os-release and its packages' ecosystems, and only those.
/// </summary>
public static class OsvEcosystems
{
    public static IReadOnlyList<string> For(IEnumerable<ScanTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var ecosystems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (target.Packages.Any(p => p.Ecosystem == PackageEcosystem.NuGet))
            {
                ecosystems.Add("NuGet");
            }

            if (target.Distro is { } distro && target.Packages.Any(p => p.Ecosystem is PackageEcosystem.Deb or PackageEcosystem.Apk or PackageEcosystem.Rpm)
                && OfDistro(distro) is { } osv)
            {
                ecosystems.Add(osv);
            }
        }

        return [.. ecosystems];
    }

    /// <summary>The OSV ecosystem of a distro release; null for one OSV does not publish.</summary>
    public static string? OfDistro(ScanDistro distro)
    {
        ArgumentNullException.ThrowIfNull(distro);
        var parts = (distro.VersionId ?? string.Empty).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var major = parts.Length > 0 ? parts[0] : null;
        return distro.Id.ToLowerInvariant() switch
        {
            "debian" when major is not null => $"Debian:{major}",
            "alpine" when parts.Length >= 2 => $"Alpine:v{parts[0]}.{parts[1]}",
            "ubuntu" => "Ubuntu",
            "almalinux" when major is not null => $"AlmaLinux:{major}",
            "rocky" or "rockylinux" when major is not null => $"Rocky Linux:{major}",
            "rhel" => "Red Hat",
            _ => null,
        };
    }

    /// <summary><c>&lt;base&gt;/&lt;ecosystem&gt;/all.zip</c>.</summary>
    public static Uri AllZip(Uri baseUrl, string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + ecosystem.Replace(" ", "%20", StringComparison.Ordinal) + "/all.zip");
    }
}
