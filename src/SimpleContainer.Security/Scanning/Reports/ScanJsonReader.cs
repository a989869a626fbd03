using System.Globalization;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Scanning.Backends;

namespace SimpleContainer.Security.Scanning.Reports;

/// <summary>
/// Reads a <c>scan.json</c> written by <see cref="ScanJsonWriter"/> back into a <see cref="ScanReport"/> (so reports of
/// several images can be aggregated). Targets come back without their package lists, which scan.json does not carry.
/// A file of another kind or a newer schema is a coded error (SCSEC4060).
/// </summary>
public static class ScanJsonReader
{
    public static async Task<ScanReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.ScanReportUnreadable, DiagnosticSeverity.Error, path, ex.Message), ex);
        }

        return Parse(bytes, path);
    }

    public static ScanReport Parse(ReadOnlyMemory<byte> bytes, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.ScanReportUnreadable, DiagnosticSeverity.Error, source, ex.Message), ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.ScanReportUnreadable, DiagnosticSeverity.Error, source, ex.Message), ex);
        }
    }

    private static ScanReport Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || root.Integer("schemaVersion") is not { } schema)
        {
            throw new InvalidDataException("it has no schemaVersion");
        }

        if (schema > ScanJsonWriter.SchemaVersion)
        {
            throw new InvalidDataException($"its schemaVersion {schema} is newer than {ScanJsonWriter.SchemaVersion}");
        }

        var policy = root.Member("policy");
        var report = new ScanReport
        {
            Subject = Required(root, "subject"),
            Digest = root.String("digest"),
            Created = root.Time("created") ?? throw new InvalidDataException("'created' is missing or not a time"),
            FailOn = policy?.String("failOn"),
            WarnOn = policy?.String("warnOn"),
            SoftFail = policy?.Member("softFail") is { ValueKind: JsonValueKind.True },
            Targets = root.Array("targets").Select(ReadTarget).ToList(),
            Scanners = root.Array("scanners").Select(ReadScanner).ToList(),
            Verdicts = root.Array("findings").Select(ReadVerdict).ToList(),
            ToolFailOn = Thresholds(policy, "toolFailOn"),
            ToolWarnOn = Thresholds(policy, "toolWarnOn"),
            NotScanned = [],
        };

        // gateReasons holds the images not scanned and then the scanners' own gates not evaluated, which the report derives again.
        var derived = report.ToolGatesNotEvaluated.ToHashSet(StringComparer.Ordinal);
        return report with { NotScanned = root.Strings("gateReasons").Where(r => !derived.Contains(r)).ToList() };
    }

    private static Dictionary<string, string> Thresholds(JsonElement? policy, string name) =>
        policy?.Member(name) is { ValueKind: JsonValueKind.Object } thresholds
            ? thresholds.EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString() ?? throw new InvalidDataException($"policy.{name}.{t.Name} is not a word"), StringComparer.Ordinal)
            : [];

    private static ScanTarget ReadTarget(JsonElement target) => new()
    {
        Name = Required(target, "name"),
        Digest = target.String("digest"),
        Platform = target.String("platform"),
        Distro = target.Member("distro") is { } distro ? new ScanDistro(Required(distro, "id"), distro.String("versionId"), distro.String("codename")) : null,
        Packages = [],
    };

    private static ScannerRun ReadScanner(JsonElement run) => new()
    {
        Name = Required(run, "name"),
        Version = run.String("version"),
        Outcome = ScanReportWords.ParseOutcome(run.String("outcome")) ?? throw new InvalidDataException($"scanner outcome '{run.String("outcome")}' is not succeeded, missing or failed"),
        FindingCount = (int)(run.Integer("findings") ?? 0),
        Error = run.String("error"),
        Database = run.String("database"),
        DatabaseUpdated = run.Time("updated"),
        Duration = TimeSpan.FromMilliseconds(run.Integer("durationMs") ?? 0),
    };

    private static FindingVerdict ReadVerdict(JsonElement item)
    {
        var package = item.Member("package") ?? throw new InvalidDataException("a finding has no package");
        var ecosystem = Enum.TryParse<PackageEcosystem>(package.String("ecosystem"), ignoreCase: true, out var e) ? e : PackageEcosystem.Other;
        var finding = new Finding
        {
            VulnerabilityId = Required(item, "id"),
            Aliases = item.Strings("aliases").ToList(),
            Package = new ScanPackage
            {
                Ecosystem = ecosystem,
                Name = Required(package, "name"),
                Version = package.String("version") ?? string.Empty,
                Purl = Purl.TryParse(package.String("purl")),
                SourceName = package.String("sourceName"),
                SourceVersion = package.String("sourceVersion"),
                Distro = package.String("distro"),
                Epoch = package.Integer("epoch"),
                Location = package.String("location"),
            },
            FixedVersion = item.String("fixedVersion"),
            Severity = Severities.TryParse(item.String("severity")) ?? Severity.Unknown,
            SeveritySource = item.String("severitySource") ?? "unknown",
            CvssScore = item.Number("cvssScore"),
            CvssVector = item.String("cvssVector"),
            Title = item.String("title"),
            Url = item.String("url"),
            FoundBy = item.Strings("foundBy").ToList(),
            Platform = item.String("platform"),
        };
        var action = ScanReportWords.ParseAction(item.String("action"))
            ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"finding {finding.VulnerabilityId} has action '{item.String("action")}', not one of fail, warn, pass, ignored, not_affected"));
        return new FindingVerdict(finding, action, item.String("reason"));
    }

    private static string Required(JsonElement element, string name) =>
        element.String(name) ?? throw new InvalidDataException($"'{name}' is missing");
}
