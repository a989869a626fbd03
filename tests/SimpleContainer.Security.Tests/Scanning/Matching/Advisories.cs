using System.Text.Json;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

/// <summary>
/// Records in the shape their publishers use (OSV JSON as served by osv.dev for DSA/ALSA/UBUNTU/Alpine and by GitHub
/// for GHSA), written by hand from the real advisories; only the fields the matcher reads are kept.
/// </summary>
internal static class Advisories
{
    public static OsvRecord Parse(string json) => JsonSerializer.Deserialize<OsvRecord>(json)!;

    // DSA-5532-1 openssl: CVE-2023-5363 and others, fixed in bookworm 3.0.11-1~deb12u2.
    public static OsvRecord DebianOpenssl => Parse("""
        {"id": "DSA-5532-1", "summary": "openssl - security update", "aliases": ["CVE-2023-5363", "CVE-2023-5678"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl?arch=source"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}],
         "references": [{"type": "ADVISORY", "url": "https://www.debian.org/security/2023/dsa-5532"}]}
        """);

    // A bullseye record for the same source package: unfixed, so only the release check keeps it off a Debian 12 image.
    public static OsvRecord DebianElevenOpenssl => Parse("""
        {"id": "DEBIAN-CVE-2023-0464", "aliases": ["CVE-2023-0464"],
         "affected": [{"package": {"ecosystem": "Debian:11", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
        """);

    // A Debian record listing affected versions explicitly (osv.dev fills versions[] for Debian).
    public static OsvRecord DebianFooListed => Parse("""
        {"id": "DEBIAN-CVE-2024-0001", "aliases": ["CVE-2024-0001"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "foo"}, "versions": ["1.2-2", "1.2-3"]}]}
        """);

    public static OsvRecord Withdrawn => Parse("""
        {"id": "DSA-9999-1", "withdrawn": "2024-01-02T00:00:00Z", "aliases": ["CVE-2023-9999"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
        """);

    // GHSA-hh2w-p6rv-4g7w: System.Text.Json denial of service, CVE-2024-43485, HIGH, [8.0.0, 8.0.5).
    public static OsvRecord GhsaSystemTextJson => Parse("""
        {"id": "GHSA-hh2w-p6rv-4g7w", "summary": ".NET Denial of Service Vulnerability", "aliases": ["CVE-2024-43485"],
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
         "affected": [{"package": {"ecosystem": "NuGet", "name": "System.Text.Json"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "8.0.0"}, {"fixed": "8.0.5"}]},
                                  {"type": "ECOSYSTEM", "events": [{"introduced": "6.0.0"}, {"fixed": "6.0.10"}]}]}],
         "references": [{"type": "WEB", "url": "https://github.com/dotnet/runtime/issues/108678"},
                        {"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2024-43485"}],
         "database_specific": {"severity": "HIGH", "github_reviewed": true}}
        """);

    // The same vulnerability as a CVE-only record (NVD-derived), with a later fix bound.
    public static OsvRecord CveSystemTextJson => Parse("""
        {"id": "CVE-2024-43485", "summary": ".NET and Visual Studio Denial of Service Vulnerability",
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
         "affected": [{"package": {"ecosystem": "NuGet", "name": "system.text.json"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "8.0.0"}, {"fixed": "8.0.6"}]}]}]}
        """);

    // GHSA-5crp-9r3c-p9vr: Newtonsoft.Json before 13.0.1, HIGH, stored as NuGet's own interval.
    public static OsvRecord NuGetIntervalNewtonsoft => Parse("""
        {"id": "GHSA-5crp-9r3c-p9vr", "summary": "Improper Handling of Exceptional Conditions in Newtonsoft.Json",
         "affected": [{"package": {"ecosystem": "NuGet", "name": "newtonsoft.json"},
                       "ranges": [{"type": "SC_NUGET_INTERVAL", "sc_interval": "(, 13.0.1)"}]}],
         "database_specific": {"severity": "HIGH"}}
        """);

    public static OsvRecord LastAffectedOnly => Parse("""
        {"id": "GHSA-aaaa-bbbb-cccc", "summary": "No fix yet", "aliases": ["CVE-2025-0001"],
         "affected": [{"package": {"ecosystem": "NuGet", "name": "Some.Package"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"last_affected": "2.1.0"}]}]}],
         "database_specific": {"severity": "MODERATE"}}
        """);

    // Alpine's OSV records are filed under the origin (source) package and the release branch.
    public static OsvRecord AlpineOpenssl => Parse("""
        {"id": "CVE-2024-9143", "summary": "Low-level invalid GF(2^m) parameters may lead to out of range memory access",
         "affected": [{"package": {"ecosystem": "Alpine:v3.20", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.3.2-r1"}]}]}]}
        """);

    public static OsvRecord UbuntuOpenssl => Parse("""
        {"id": "UBUNTU-CVE-2024-6119", "aliases": ["CVE-2024-6119"], "summary": "openssl vulnerability",
         "severity": [{"type": "Ubuntu", "score": "medium"}, {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
         "affected": [{"package": {"ecosystem": "Ubuntu:24.04:LTS", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-0ubuntu3.4"}]}]},
                      {"package": {"ecosystem": "Ubuntu:Pro:16.04:LTS", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
        """);

    // ALSA-2024:0310 openssl security update (AlmaLinux 9): fixed in 1:3.0.7-25.el9_3, filed per binary rpm.
    public static OsvRecord AlmaOpenssl => Parse("""
        {"id": "ALSA-2024:0310", "summary": "Moderate: openssl security update", "aliases": ["CVE-2023-5678"],
         "affected": [{"package": {"ecosystem": "AlmaLinux:9", "name": "openssl-libs"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:3.0.7-25.el9_3"}]}]},
                      {"package": {"ecosystem": "AlmaLinux:8", "name": "openssl-libs"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}],
         "references": [{"type": "ADVISORY", "url": "https://errata.almalinux.org/9/ALSA-2024-0310.html"}]}
        """);
}
