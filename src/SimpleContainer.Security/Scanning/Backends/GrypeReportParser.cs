using System.Globalization;
using System.Text.Json;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// Reads grype's JSON report (<c>grype -o json</c>; shape: anchore/grype grype/presenter/models/document.go, match.go,
/// vulnerability.go, package.go): <c>matches[]{vulnerability, relatedVulnerabilities[], artifact}</c> and
/// <c>descriptor.db</c>, and normalises each match to a <see cref="Finding"/>.
/// </summary>
internal static class GrypeReportParser
{
    public static ParsedScannerReport Parse(string json, string? platform)
    {
        using var document = JsonDocument.Parse(json);
        var root = JsonFields.RootObject(document, "grype's report");
        if (root.Member("matches") is not { ValueKind: JsonValueKind.Array } matches)
        {
            throw new InvalidDataException("there is no 'matches' array (is this grype's JSON report?)");
        }

        var findings = matches.EnumerateArray().Select(m => ToFinding(m, platform)).OfType<Finding>().ToList();
        return new ParsedScannerReport(findings, ReadDatabase(root));
    }

    /// <summary><c>grype version -o json</c>: <c>{"application":"grype","version":"0.74.0",…}</c>.</summary>
    public static ScannerToolVersion ParseVersion(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ScannerToolVersion(JsonFields.RootObject(document, "grype's version").String("version"), null);
    }

    private static Finding? ToFinding(JsonElement match, string? platform)
    {
        if (match.Member("vulnerability") is not { } vulnerability || vulnerability.String("id") is not { } id || match.Member("artifact") is not { } artifact)
        {
            return null;
        }

        var related = match.Array("relatedVulnerabilities").ToList();
        var (preferred, aliases) = FindingIds.Choose(id, related.Select(r => r.String("id")).OfType<string>());
        var cvss = BestCvss(vulnerability.Array("cvss").Concat(related.SelectMany(r => r.Array("cvss"))));
        var severity = Severities.TryParse(vulnerability.String("severity"));
        return new Finding
        {
            VulnerabilityId = preferred,
            Aliases = aliases,
            Package = ToPackage(artifact),
            FixedVersion = FixedVersion(vulnerability),
            Severity = severity ?? Severity.Unknown,
            SeveritySource = severity is null ? "unknown" : "tool",
            CvssScore = cvss?.Score,
            CvssVector = cvss?.Vector,
            Title = vulnerability.String("description") ?? related.Select(r => r.String("description")).OfType<string>().FirstOrDefault(),
            Url = vulnerability.String("dataSource") ?? vulnerability.Strings("urls").FirstOrDefault(),
            FoundBy = ["grype"],
            Platform = platform,
        };
    }

    /// <summary>grype's <c>fix.state</c> is <c>fixed</c>, <c>not-fixed</c>, <c>wont-fix</c> or <c>unknown</c>; only <c>fixed</c> names versions that fix it.</summary>
    private static string? FixedVersion(JsonElement vulnerability) =>
        vulnerability.Member("fix") is { } fix && string.Equals(fix.String("state"), "fixed", StringComparison.OrdinalIgnoreCase)
            ? fix.Strings("versions").FirstOrDefault()
            : null;

    private static ScanPackage ToPackage(JsonElement artifact)
    {
        var purl = Purl.TryParse(artifact.String("purl"));
        var upstream = artifact.Array("upstreams").FirstOrDefault();
        var epoch = artifact.Member("metadata")?.Integer("epoch") ?? (long.TryParse(purl?.Qualifier("epoch"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : null);
        return new ScanPackage
        {
            Ecosystem = ScanEcosystems.FromPackageType(purl?.Type ?? artifact.String("type")),
            Name = artifact.String("name") ?? purl?.Name ?? "unknown",
            Version = artifact.String("version") ?? purl?.Version ?? string.Empty,
            Purl = purl,
            SourceName = upstream.ValueKind == JsonValueKind.Object ? upstream.String("name") : null,
            SourceVersion = upstream.ValueKind == JsonValueKind.Object ? upstream.String("version") : null,
            Distro = purl?.Qualifier("distro"),
            Epoch = epoch,
            Location = artifact.Array("locations").Select(l => l.String("path")).OfType<string>().FirstOrDefault(),
        };
    }

    /// <summary>The newest CVSS version given (v4 over v3.1 over v3.0 over v2), the record's own before the related records'.</summary>
    private static (double Score, string? Vector)? BestCvss(IEnumerable<JsonElement> entries)
    {
        var best = entries
            .Select(c => (Version: double.TryParse(c.String("version"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0, Score: c.Member("metrics")?.Number("baseScore"), Vector: c.String("vector")))
            .Where(c => c.Score is not null)
            .Select((c, index) => (c.Version, Score: c.Score!.Value, c.Vector, index))
            .OrderByDescending(c => c.Version)
            .ThenBy(c => c.index)
            .FirstOrDefault();
        return best.Vector is null && best.Score == 0 ? null : (best.Score, best.Vector);
    }

    /// <summary>grype ≤ 0.87 writes <c>descriptor.db{built, location}</c>; schema v6 (0.88+) <c>descriptor.db.status{built, path}</c>.</summary>
    private static ScannerDatabase? ReadDatabase(JsonElement root)
    {
        if (root.Member("descriptor")?.Member("db") is not { } db)
        {
            return null;
        }

        var status = db.Member("status") ?? db;
        var built = status.Time("built");
        var name = status.String("path") ?? status.String("location");
        var schema = status.Member("schemaVersion") is { } s ? s.ToString() : null;
        return built is null && name is null ? null : new ScannerDatabase(schema is null ? name ?? "grype" : $"grype db {schema}", built);
    }
}
