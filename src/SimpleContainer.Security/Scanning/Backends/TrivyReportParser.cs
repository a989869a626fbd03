using System.Text.Json;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// Reads trivy's JSON report (<c>--format json</c>; shape: aquasecurity/trivy pkg/types/report.go and
/// pkg/types/vulnerability.go, <c>SchemaVersion</c> 2): <c>Results[]{Target, Class, Type, Vulnerabilities[]}</c>,
/// and normalises each detected vulnerability to a <see cref="Finding"/>.
/// </summary>
internal static class TrivyReportParser
{
    public static ParsedScannerReport Parse(string json, string? platform)
    {
        using var document = JsonDocument.Parse(json);
        var root = JsonFields.RootObject(document, "trivy's report");
        if (root.Member("SchemaVersion") is null && root.Member("Results") is null)
        {
            throw new InvalidDataException("there is neither 'SchemaVersion' nor 'Results' (is this trivy's JSON report?)");
        }

        var findings = new List<Finding>();
        foreach (var result in root.Array("Results"))
        {
            var resultType = result.String("Type");
            foreach (var vulnerability in result.Array("Vulnerabilities"))
            {
                if (ToFinding(vulnerability, resultType, platform) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return new ParsedScannerReport(findings, null);
    }

    /// <summary><c>trivy version -f json</c>: <c>{"Version":"0.50.0","VulnerabilityDB":{"Version":2,"UpdatedAt":…}}</c> (pkg/version/app).</summary>
    public static ScannerToolVersion ParseVersion(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = JsonFields.RootObject(document, "trivy's version");
        var database = root.Member("VulnerabilityDB") is { } db
            ? new ScannerDatabase(db.Integer("Version") is { } v ? $"trivy-db v{v}" : "trivy-db", db.Time("UpdatedAt"))
            : null;
        return new ScannerToolVersion(root.String("Version"), database);
    }

    private static Finding? ToFinding(JsonElement vulnerability, string? resultType, string? platform)
    {
        if (vulnerability.String("VulnerabilityID") is not { } id || vulnerability.String("PkgName") is not { } name)
        {
            return null;
        }

        var (preferred, aliases) = FindingIds.Choose(id, vulnerability.Strings("VendorIDs"));
        var severity = Severities.TryParse(vulnerability.String("Severity"));
        var cvss = BestCvss(vulnerability);
        var purl = Purl.TryParse(vulnerability.Member("PkgIdentifier")?.String("PURL"));
        return new Finding
        {
            VulnerabilityId = preferred,
            Aliases = aliases,
            Package = new ScanPackage
            {
                Ecosystem = purl is not null ? ScanEcosystems.FromPackageType(purl.Type) : ScanEcosystems.FromTrivyResultType(resultType),
                Name = name,
                Version = vulnerability.String("InstalledVersion") ?? purl?.Version ?? string.Empty,
                Purl = purl,
                Distro = purl?.Qualifier("distro"),
                Location = vulnerability.String("PkgPath"),
            },
            FixedVersion = FirstFixedVersion(vulnerability.String("FixedVersion")),
            Severity = severity ?? Severity.Unknown,
            SeveritySource = severity is null ? "unknown" : "tool",
            CvssScore = cvss?.Score,
            CvssVector = cvss?.Vector,
            Title = vulnerability.String("Title") ?? vulnerability.String("Description"),
            Url = vulnerability.String("PrimaryURL") ?? vulnerability.Strings("References").FirstOrDefault(),
            FoundBy = ["trivy"],
            Platform = platform,
        };
    }

    /// <summary>trivy lists every fixing version of every branch, comma-separated (<c>"1.2.5, 2.0.1"</c>): the first is the fix for the installed branch.</summary>
    internal static string? FirstFixedVersion(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>
    /// <c>CVSS</c> maps a source (<c>nvd</c>, <c>redhat</c>, <c>ghsa</c>, …) to V2/V3/V40 vectors and scores. The source
    /// that gave the severity comes first, then NVD, then any; v3 before v4 (what the severity is usually derived from), then v2.
    /// </summary>
    private static (double Score, string? Vector)? BestCvss(JsonElement vulnerability)
    {
        if (vulnerability.Member("CVSS") is not { ValueKind: JsonValueKind.Object } cvss)
        {
            return null;
        }

        var preferred = vulnerability.String("SeveritySource");
        var sources = cvss.EnumerateObject()
            .OrderBy(s => string.Equals(s.Name, preferred, StringComparison.OrdinalIgnoreCase) ? 0 : string.Equals(s.Name, "nvd", StringComparison.OrdinalIgnoreCase) ? 1 : 2)
            .Select(s => s.Value)
            .ToList();
        foreach (var (scoreField, vectorField) in new[] { ("V3Score", "V3Vector"), ("V40Score", "V40Vector"), ("V2Score", "V2Vector") })
        {
            foreach (var source in sources)
            {
                if (source.Number(scoreField) is { } score)
                {
                    return (score, source.String(vectorField));
                }
            }
        }

        return null;
    }
}
