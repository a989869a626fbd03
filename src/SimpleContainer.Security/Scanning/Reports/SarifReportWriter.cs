using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Scanning.Reports;

/// <summary>
/// Writes <c>scan.sarif</c>: SARIF 2.1.0 as GitHub code scanning takes it (docs.github.com "SARIF support for code
/// scanning"): one run, one rule per vulnerability id with <c>help</c> and <c>properties.security-severity</c>, one
/// result per finding with a level from the policy's action, a location (the package's path in the image, else a
/// stable URI for the image), a <c>partialFingerprints</c> entry that stays the same from build to build, and an
/// external suppression for ignored and not-affected findings.
/// </summary>
public static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "SimpleContainer.Security";
    public const string InformationUri = "https://www.nuget.org/packages/SimpleContainer.Security.Build";

    /// <summary>The <c>partialFingerprints</c> key: id, package and version hashed, so alerts follow a vulnerability across builds.</summary>
    public const string FingerprintKey = "simpleContainerVulnerability/v1";

    public static async Task WriteAsync(ScanReport report, string path, CancellationToken cancellationToken) =>
        await AtomicFile.WriteAllBytesAsync(path, Serialize(report), cancellationToken).ConfigureAwait(false);

    public static byte[] Serialize(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verdicts = ScanReportOrder.Sort(report.Verdicts);
        var rules = verdicts.GroupBy(v => v.Finding.VulnerabilityId, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules);
            json.WriteStartObject("automationDetails");
            json.WriteString("id", AutomationId(report.Subject));
            json.WriteEndObject();
            WriteInvocation(json, report);
            json.WriteStartArray("results");
            foreach (var verdict in verdicts)
            {
                WriteResult(json, report, verdict, ruleIndex[verdict.Finding.VulnerabilityId]);
            }

            json.WriteEndArray();
            json.WriteStartObject("properties");
            json.WriteString("subject", report.Subject);
            if (report.Digest is { } digest)
            {
                json.WriteString("digest", digest);
            }

            json.WriteBoolean("gatePassed", report.GatePassed);
            json.WriteString("gate", report.Gate.ToWord());
            if (report.FailOn is { } failOn)
            {
                json.WriteString("failOn", failOn);
            }

            if (report.WarnOn is { } warnOn)
            {
                json.WriteString("warnOn", warnOn);
            }

            WriteThresholds(json, "toolFailOn", report.ToolFailOn);
            WriteThresholds(json, "toolWarnOn", report.ToolWarnOn);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// GitHub shows a rule's severity from <c>security-severity</c> (critical above 9.0, high 7.0–8.9, medium 4.0–6.9,
    /// low 0.1–3.9). The finding's own severity is what the policy used, so the CVSS score is given only when it falls in
    /// that severity's band; otherwise the band's middle stands in, and GitHub shows the same severity as our reports.
    /// </summary>
    internal static string SecuritySeverity(Severity severity, double? cvssScore)
    {
        var (low, high, middle) = severity switch
        {
            Severity.Critical => (9.0, 10.0, 9.5),
            Severity.High => (7.0, 8.9, 8.0),
            Severity.Medium => (4.0, 6.9, 5.5),
            Severity.Low => (0.1, 3.9, 2.0),
            Severity.Negligible => (0.1, 3.9, 0.5),
            _ => (0.0, 0.0, 0.0),
        };
        var score = cvssScore is { } s && s >= low && s <= high ? s : middle;
        return score.ToString("0.0", CultureInfo.InvariantCulture);
    }

    internal static string Fingerprint(Finding finding)
    {
        var text = string.Join('\n', finding.VulnerabilityId, finding.Package.Purl?.ToString() ?? finding.Package.Key, finding.Package.Version, finding.Platform ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A relative URI for the package's path in the image (<c>var/lib/dpkg/status</c>), else for the image itself (<c>image/registry/repo</c>).</summary>
    internal static string LocationUri(Finding finding, string subject)
    {
        var path = finding.Package.Location is { Length: > 0 } location && !location.StartsWith("sha256:", StringComparison.Ordinal)
            ? location
            : "image/" + WithoutDigest(subject);
        return string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
    }

    private static void WriteTool(Utf8JsonWriter json, IReadOnlyList<IGrouping<string, FindingVerdict>> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolName);
        json.WriteString("version", ToolVersion());
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// One invocation: <c>executionSuccessful</c> is false when an image (platform) got no scanner's result, and each
    /// such image and each scanner that did not scan is a tool execution notification, so an empty result list is
    /// never read as "nothing found".
    /// </summary>
    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.NotScanned.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var reason in report.NotScanned)
        {
            WriteNotification(json, "error", "Not scanned: " + reason);
        }

        foreach (var gate in report.ToolGatesNotEvaluated)
        {
            WriteNotification(json, "error", "Not evaluated: " + gate);
        }

        foreach (var run in report.Scanners.Where(r => r.Outcome != ScannerOutcome.Succeeded).DistinctBy(r => (r.Name, r.Error)))
        {
            WriteNotification(json, "warning", $"The {run.Name} scanner did not scan ({run.Outcome.ToWord()}): {run.Error}");
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>Scanners' own thresholds in the run's properties, <c>{"grype": "critical"}</c>; written only when there are some.</summary>
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

    private static void WriteNotification(Utf8JsonWriter json, string level, string text)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, IGrouping<string, FindingVerdict> rule)
    {
        var findings = rule.Select(v => v.Finding).ToList();
        var packages = findings.DistinctBy(f => (f.Package.Name, f.Package.Version, f.FixedVersion, f.Severity)).ToList();
        var first = findings[0];
        var severity = findings.Max(f => f.Severity);
        var score = findings.Where(f => f.Severity == severity).Max(f => f.CvssScore);
        var title = first.Title is { Length: > 0 } t ? t : $"{rule.Key} in {first.Package.Name}";
        var helpUri = findings.Select(f => f.Url).FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out _));

        json.WriteStartObject();
        json.WriteString("id", rule.Key);
        json.WriteString("name", RuleName(rule.Key));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", Shorten(FirstLine(title), 200));
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", Shorten(title, 4000));
        json.WriteEndObject();
        if (helpUri is not null)
        {
            json.WriteString("helpUri", helpUri);
        }

        json.WriteStartObject("help");
        json.WriteString("text", HelpText(rule.Key, packages, helpUri));
        json.WriteString("markdown", HelpMarkdown(rule.Key, title, packages, helpUri));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        foreach (var tag in new[] { "security", "vulnerability", severity.ToWord() }.Concat(findings.Select(f => f.Package.Ecosystem.ToWord())).Distinct(StringComparer.Ordinal))
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("security-severity", SecuritySeverity(severity, score));
        json.WriteString("precision", "high");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, ScanReport report, FindingVerdict verdict, int ruleIndex)
    {
        var finding = verdict.Finding;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.VulnerabilityId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", verdict.Action switch
        {
            FindingAction.Fail => "error",
            FindingAction.Warn => "warning",
            _ => "note",
        });
        json.WriteStartObject("message");
        json.WriteString("text", Message(verdict));
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", LocationUri(finding, report.Subject));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", 1);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding));
        json.WriteEndObject();
        if (verdict.Action is FindingAction.Ignored or FindingAction.NotAffected)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("justification", verdict.Reason is { Length: > 0 } reason
                ? reason
                : verdict.Action == FindingAction.Ignored ? "Listed in the ignore file." : "A VEX statement says the image is not affected.");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("action", verdict.Action.ToWord());
        json.WriteString("severity", finding.Severity.ToWord());
        json.WriteString("package", finding.Package.Name);
        json.WriteString("installedVersion", finding.Package.Version);
        if (finding.Package.Purl is { } purl)
        {
            json.WriteString("purl", purl.ToString());
        }

        if (finding.FixedVersion is { } fixedVersion)
        {
            json.WriteString("fixedVersion", fixedVersion);
        }

        if (finding.Platform is { } platform)
        {
            json.WriteString("platform", platform);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Message(FindingVerdict verdict)
    {
        var f = verdict.Finding;
        var score = f.CvssScore is { } s ? string.Create(CultureInfo.InvariantCulture, $", CVSS {s:0.0}") : string.Empty;
        var where = f.Platform is { } platform ? $" ({platform})" : string.Empty;
        var fix = f.FixedVersion is { } fixedVersion ? $"Fixed in {fixedVersion}." : "No fixed version is known.";
        var decision = verdict.Action switch
        {
            FindingAction.Fail => " The policy fails the build on it.",
            FindingAction.Warn => " The policy warns about it.",
            FindingAction.Ignored => " Ignored" + (verdict.Reason is { } r ? $": {r}" : "."),
            FindingAction.NotAffected => " Not affected" + (verdict.Reason is { } r ? $": {r}" : "."),
            _ => string.Empty,
        };
        return $"{f.Package.Name} {f.Package.Version}{where} is affected by {f.VulnerabilityId} (severity {f.Severity.ToWord()}{score}). Installed: {f.Package.Version}. {fix}{decision}";
    }

    private static string HelpText(string id, IReadOnlyList<Finding> findings, string? helpUri)
    {
        var builder = new StringBuilder();
        builder.Append(id).Append(" affects:\n");
        foreach (var f in findings)
        {
            builder.Append("- ").Append(f.Package.Name).Append(' ').Append(f.Package.Version)
                .Append(f.FixedVersion is { } fix ? $" (fixed in {fix})" : " (no fix known)").Append('\n');
        }

        if (helpUri is not null)
        {
            builder.Append("More: ").Append(helpUri).Append('\n');
        }

        return builder.ToString();
    }

    private static string HelpMarkdown(string id, string title, IReadOnlyList<Finding> findings, string? helpUri)
    {
        var builder = new StringBuilder();
        builder.Append("**").Append(MarkdownReportWriter.Escape(id)).Append("**: ").Append(MarkdownReportWriter.Escape(Shorten(title, 4000))).Append("\n\n");
        builder.Append("| Package | Installed | Fixed | Severity |\n|---|---|---|---|\n");
        foreach (var f in findings)
        {
            builder.Append("| ").Append(MarkdownReportWriter.Escape(f.Package.Name))
                .Append(" | ").Append(MarkdownReportWriter.Escape(f.Package.Version))
                .Append(" | ").Append(MarkdownReportWriter.Escape(f.FixedVersion ?? "none"))
                .Append(" | ").Append(f.Severity.ToWord()).Append(" |\n");
        }

        if (helpUri is not null)
        {
            builder.Append("\n[").Append(MarkdownReportWriter.Escape(id)).Append("](").Append(helpUri).Append(")\n");
        }

        return builder.ToString();
    }

    /// <summary>SARIF rule names are identifiers: <c>CVE-2024-1234</c> becomes <c>CVE_2024_1234</c>.</summary>
    private static string RuleName(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>One category per image repository (no tag, no digest), so a new build's upload replaces the last one's alerts.</summary>
    internal static string AutomationId(string subject) => $"{ToolName}/{WithoutDigest(subject)}/";

    private static string WithoutDigest(string subject)
    {
        var at = subject.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? subject[..at] : subject;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[..colon] : name;
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline >= 0 ? text[..newline] : text;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string ToolVersion() => ProductInfo.Version;
}
