using System.Globalization;
using System.Text.Json;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Scanning.Reports;

/// <summary>
/// Writes <c>scan.json</c>, SimpleContainer's own normalised report (schema documented in docs/scanning.md):
/// the subject, the policy and gate, every scanner's run, counts by severity and by action, and every finding with the
/// policy's verdict, in <see cref="ScanReportOrder"/>. Byte-for-byte deterministic for the same report.
/// </summary>
public static class ScanJsonWriter
{
    /// <summary>2: <c>gate</c> is a word (passed, failed, not-evaluated, off) with <c>gateReasons</c>; 1 had <c>gate.passed</c>.</summary>
    public const int SchemaVersion = 2;

    public static async Task WriteAsync(ScanReport report, string path, CancellationToken cancellationToken) =>
        await AtomicFile.WriteAllBytesAsync(path, Serialize(report), cancellationToken).ConfigureAwait(false);

    public static byte[] Serialize(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var verdicts = ScanReportOrder.Sort(report.Verdicts);
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("subject", report.Subject);
            WriteOptional(json, "digest", report.Digest);
            json.WriteString("created", Time(report.Created));
            json.WriteStartObject("policy");
            WriteOptional(json, "failOn", report.FailOn);
            WriteOptional(json, "warnOn", report.WarnOn);
            json.WriteBoolean("softFail", report.SoftFail);
            WriteThresholds(json, "toolFailOn", report.ToolFailOn);
            WriteThresholds(json, "toolWarnOn", report.ToolWarnOn);
            json.WriteEndObject();
            json.WriteString("gate", report.Gate.ToWord());
            WriteStrings(json, "gateReasons", report.NotScanned.Concat(report.ToolGatesNotEvaluated));
            WriteTargets(json, report.Targets);
            WriteScanners(json, report.Scanners);
            WriteSummary(json, verdicts);
            json.WriteStartArray("findings");
            foreach (var verdict in verdicts)
            {
                WriteFinding(json, verdict);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    internal static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTargets(Utf8JsonWriter json, IReadOnlyList<ScanTarget> targets)
    {
        json.WriteStartArray("targets");
        foreach (var target in targets)
        {
            json.WriteStartObject();
            json.WriteString("name", target.Name);
            WriteOptional(json, "digest", target.Digest);
            WriteOptional(json, "platform", target.Platform);
            if (target.Distro is { } distro)
            {
                json.WriteStartObject("distro");
                json.WriteString("id", distro.Id);
                WriteOptional(json, "versionId", distro.VersionId);
                WriteOptional(json, "codename", distro.Codename);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteScanners(Utf8JsonWriter json, IReadOnlyList<ScannerRun> scanners)
    {
        json.WriteStartArray("scanners");
        foreach (var run in scanners)
        {
            json.WriteStartObject();
            json.WriteString("name", run.Name);
            WriteOptional(json, "version", run.Version);
            json.WriteString("outcome", run.Outcome.ToWord());
            json.WriteNumber("findings", run.FindingCount);
            WriteOptional(json, "error", run.Error);
            WriteOptional(json, "database", run.Database);
            if (run.DatabaseUpdated is { } updated)
            {
                json.WriteString("updated", Time(updated));
            }

            json.WriteNumber("durationMs", (long)run.Duration.TotalMilliseconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSummary(Utf8JsonWriter json, IReadOnlyList<FindingVerdict> verdicts)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("total", verdicts.Count);
        json.WriteStartObject("bySeverity");
        foreach (var severity in ScanReportOrder.SeveritiesDescending)
        {
            json.WriteNumber(severity.ToWord(), verdicts.Count(v => v.Finding.Severity == severity));
        }

        json.WriteEndObject();
        json.WriteStartObject("byAction");
        foreach (var action in new[] { FindingAction.Fail, FindingAction.Warn, FindingAction.Pass, FindingAction.Ignored, FindingAction.NotAffected })
        {
            json.WriteNumber(action.ToWord(), verdicts.Count(v => v.Action == action));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, FindingVerdict verdict)
    {
        var finding = verdict.Finding;
        var package = finding.Package;
        json.WriteStartObject();
        json.WriteString("id", finding.VulnerabilityId);
        WriteStrings(json, "aliases", finding.Aliases);
        json.WriteStartObject("package");
        json.WriteString("ecosystem", package.Ecosystem.ToWord());
        json.WriteString("name", package.Name);
        json.WriteString("version", package.Version);
        WriteOptional(json, "purl", package.Purl?.ToString());
        WriteOptional(json, "sourceName", package.SourceName);
        WriteOptional(json, "sourceVersion", package.SourceVersion);
        WriteOptional(json, "distro", package.Distro);
        if (package.Epoch is { } epoch)
        {
            json.WriteNumber("epoch", epoch);
        }

        WriteOptional(json, "location", package.Location);
        json.WriteEndObject();
        WriteOptional(json, "fixedVersion", finding.FixedVersion);
        json.WriteString("severity", finding.Severity.ToWord());
        json.WriteString("severitySource", finding.SeveritySource);
        if (finding.CvssScore is { } score)
        {
            json.WriteNumber("cvssScore", score);
        }

        WriteOptional(json, "cvssVector", finding.CvssVector);
        WriteOptional(json, "title", finding.Title);
        WriteOptional(json, "url", finding.Url);
        WriteStrings(json, "foundBy", finding.FoundBy);
        WriteOptional(json, "platform", finding.Platform);
        json.WriteString("action", verdict.Action.ToWord());
        WriteOptional(json, "reason", verdict.Reason);
        json.WriteEndObject();
    }

    /// <summary>Scanners' own thresholds, <c>{"grype": "critical"}</c>, sorted; written only when there are some.</summary>
    private static void WriteThresholds(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> thresholds)
    {
        if (thresholds.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (tool, word) in thresholds.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            json.WriteString(tool, word);
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
