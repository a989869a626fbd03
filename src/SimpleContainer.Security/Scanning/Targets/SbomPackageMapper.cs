using System.Globalization;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Scanning.Targets;

/// <summary>
/// Turns one SBOM component into the package a scanner matches: the ecosystem from the purl type, and for OS packages
/// the source package, which distro advisories are written against. It understands the properties our catalogers write
/// (<c>sc:dpkg:source</c>, <c>sc:apk:origin</c>, …), syft's (<c>syft:metadata:source</c>, the purl <c>upstream</c>
/// qualifier) and trivy's (<c>aquasecurity:trivy:SrcName</c>, <c>SrcVersion</c>, <c>SrcRelease</c>, <c>SrcEpoch</c>).
/// </summary>
public static class SbomPackageMapper
{
    /// <summary>Null when the component has no purl or no version: nothing could be matched against it.</summary>
    public static ScanPackage? Map(string name, string? version, Purl? purl, Func<string, string?> property, string? location = null)
    {
        if (purl is null || string.IsNullOrEmpty(version ?? purl.Version))
        {
            return null;
        }

        var epoch = long.TryParse(purl.Qualifier("epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (long?)null;
        var packageVersion = purl.Version ?? version!;
        var ecosystem = purl.Type switch
        {
            "nuget" => PackageEcosystem.NuGet,
            "deb" => PackageEcosystem.Deb,
            "apk" => PackageEcosystem.Apk,
            "rpm" => PackageEcosystem.Rpm,
            _ => PackageEcosystem.Other,
        };
        var (sourceName, sourceVersion) = ecosystem switch
        {
            PackageEcosystem.Deb => DebSource(purl, property),
            PackageEcosystem.Apk => (property(SbomProperty.ApkOrigin) ?? property("aquasecurity:trivy:SrcName") ?? UpstreamName(purl), null),
            PackageEcosystem.Rpm => (RpmSourceName(purl.Qualifier("upstream") ?? property(SbomProperty.RpmSourceRpm)) ?? property("aquasecurity:trivy:SrcName"), null),
            _ => ((string?)null, (string?)null),
        };

        // trivy writes a deb epoch as a purl qualifier (zlib1g@1.2.13.dfsg-1?epoch=1); dpkg's version is 1:1.2.13.dfsg-1.
        if (ecosystem == PackageEcosystem.Deb && epoch is { } debEpoch && !packageVersion.Contains(':', StringComparison.Ordinal))
        {
            packageVersion = $"{debEpoch.ToString(CultureInfo.InvariantCulture)}:{packageVersion}";
        }

        return new ScanPackage
        {
            Ecosystem = ecosystem,
            Name = ecosystem == PackageEcosystem.NuGet ? name : purl.Name,
            Version = packageVersion,
            Purl = purl,
            SourceName = sourceName,
            SourceVersion = sourceVersion,
            Distro = purl.Qualifier("distro"),
            Epoch = epoch,
            Location = location ?? property(SbomProperty.LocationPath) ?? property("syft:location:0:path"),
        };
    }

    private static (string? Name, string? Version) DebSource(Purl purl, Func<string, string?> property)
    {
        if (property(SbomProperty.DpkgSource) is { } ours)
        {
            return (ours, property("sc:dpkg:source-version"));
        }

        if (property("aquasecurity:trivy:SrcName") is { } trivyName)
        {
            var upstream = property("aquasecurity:trivy:SrcVersion");
            var release = property("aquasecurity:trivy:SrcRelease");
            var epoch = property("aquasecurity:trivy:SrcEpoch");
            var full = upstream is null ? null : (release is { Length: > 0 } ? $"{upstream}-{release}" : upstream);
            return (trivyName, full is not null && epoch is { Length: > 0 } and not "0" ? $"{epoch}:{full}" : full);
        }

        if (property("syft:metadata:source") is { Length: > 0 } syftName)
        {
            return (syftName, property("syft:metadata:sourceVersion"));
        }

        // syft's purl qualifier: upstream=openssl, or upstream=gcc-12@12.2.0-14 when the source version differs.
        var qualifier = purl.Qualifier("upstream");
        if (qualifier is null)
        {
            return (null, null);
        }

        var at = qualifier.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (qualifier, null) : (qualifier[..at], qualifier[(at + 1)..]);
    }

    private static string? UpstreamName(Purl purl) => purl.Qualifier("upstream") is { } upstream ? upstream.Split('@')[0] : null;

    /// <summary><c>curl-8.6.0-7.fc40.src.rpm</c> → <c>curl</c> (name-version-release.src.rpm; names may contain '-').</summary>
    internal static string? RpmSourceName(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm))
        {
            return null;
        }

        var stem = sourceRpm.EndsWith(".src.rpm", StringComparison.Ordinal) ? sourceRpm[..^".src.rpm".Length]
            : sourceRpm.EndsWith(".nosrc.rpm", StringComparison.Ordinal) ? sourceRpm[..^".nosrc.rpm".Length]
            : sourceRpm;
        var release = stem.LastIndexOf('-');
        var version = release > 0 ? stem.LastIndexOf('-', release - 1) : -1;
        return version > 0 ? stem[..version] : stem;
    }
}
