using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Scanning;

namespace SimpleContainer.Security.Tests.Scanning.Reports;

/// <summary>A scan of a two-platform image with one finding per policy action, awkward text included.</summary>
internal static class SampleScanReports
{
    public static readonly Purl OpenSsl = Purl.Deb("debian", "libssl3", "3.0.11-1~deb12u2", "amd64", "debian-12");

    public static ScanReport TwoPlatforms(IEnumerable<FindingVerdict>? verdicts = null) => new()
    {
        Subject = "localhost:5000/shop/api:1.4@sha256:1111111111111111111111111111111111111111111111111111111111111111",
        Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        Created = new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.FromHours(1)),
        FailOn = "high",
        WarnOn = "medium",
        SoftFail = false,
        Targets =
        [
            new ScanTarget { Name = "localhost:5000/shop/api@sha256:aaa", Digest = "sha256:aaa", Platform = "linux/amd64", Distro = new ScanDistro("debian", "12", "bookworm"), Packages = [] },
            new ScanTarget { Name = "localhost:5000/shop/api@sha256:bbb", Digest = "sha256:bbb", Platform = "linux/arm64", Distro = new ScanDistro("debian", "12"), Packages = [] },
        ],
        Scanners =
        [
            new ScannerRun { Name = "builtin", Version = "0.1.0", Outcome = ScannerOutcome.Succeeded, FindingCount = 4, Database = "/home/u/.sc/vuln.db", DatabaseUpdated = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), Duration = TimeSpan.FromMilliseconds(1234) },
            new ScannerRun { Name = "grype", Outcome = ScannerOutcome.Missing, Error = "SCSEC4050: The vulnerability scanner 'grype' was selected but its program was not found (not on PATH).", Duration = TimeSpan.FromMilliseconds(2) },
        ],
        Verdicts = [.. verdicts ?? Verdicts()],
    };

    public static IReadOnlyList<FindingVerdict> Verdicts() =>
    [
        new(Finding("CVE-2024-0727", Severity.Medium, 5.5, "linux/amd64", fixedIn: "3.0.13-1~deb12u1", title: "openssl: denial of service via null dereference | PKCS12\nsecond line"), FindingAction.Warn),
        new(Finding("CVE-2023-5678", Severity.Low, null, "linux/amd64", fixedIn: null, title: null), FindingAction.Pass),
        new(NuGet("GHSA-5crp-9r3c-p9vr", "CVE-2024-21907", Severity.High, 7.5), FindingAction.Fail),
        new(Finding("CVE-2024-5535", Severity.Critical, 9.1, "linux/arm64", fixedIn: "3.0.14-1~deb12u1", title: "openssl: SSL_select_next_proto buffer overread"), FindingAction.Ignored, "Only used for TLS clients we do not run; expires 2027-01-01"),
        new(Finding("CVE-2024-0727", Severity.Medium, 5.5, "linux/arm64", fixedIn: "3.0.13-1~deb12u1", title: "openssl: denial of service via null dereference | PKCS12\nsecond line"), FindingAction.NotAffected),
    ];

    private static Finding Finding(string id, Severity severity, double? score, string platform, string? fixedIn, string? title) => new()
    {
        VulnerabilityId = id,
        Aliases = ["DSA-5678-1"],
        Package = new ScanPackage
        {
            Ecosystem = PackageEcosystem.Deb,
            Name = "libssl3",
            Version = "3.0.11-1~deb12u2",
            Purl = OpenSsl,
            SourceName = "openssl",
            SourceVersion = "3.0.11-1~deb12u2",
            Distro = "debian-12",
            Location = "/var/lib/dpkg/status",
        },
        FixedVersion = fixedIn,
        Severity = severity,
        SeveritySource = score is null ? "record" : "cvss",
        CvssScore = score,
        CvssVector = score is null ? null : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        Title = title,
        Url = $"https://security-tracker.debian.org/tracker/{id}",
        FoundBy = ["builtin", "trivy"],
        Platform = platform,
    };

    private static Finding NuGet(string id, string alias, Severity severity, double score) => new()
    {
        VulnerabilityId = alias,
        Aliases = [id],
        Package = new ScanPackage { Ecosystem = PackageEcosystem.NuGet, Name = "Newtonsoft.Json", Version = "12.0.3", Purl = Purl.NuGet("Newtonsoft.Json", "12.0.3") },
        FixedVersion = "13.0.1",
        Severity = severity,
        SeveritySource = "record",
        CvssScore = score,
        CvssVector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        Title = "Improper Handling of Exceptional Conditions in Newtonsoft.Json",
        Url = "https://github.com/advisories/" + id,
        FoundBy = ["builtin"],
        Platform = "linux/amd64",
    };
}
