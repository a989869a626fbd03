using System.Text.Json;
using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Release;

/// <summary>
/// Reads what one publish recorded under its <c>sc-security/</c> folder (<c>image.json</c>, the SBOMs, <c>scan.json</c>,
/// <c>signature.json</c>, the attestation) together with the hook's <c>ScSecurityStageOutcomes</c>, into the release's
/// view of the image. Each stage's finish time is its newest artifact's write time, relative to the publish's start.
/// </summary>
public static class PublishedImageReader
{
    private static readonly string[] HookStages = ["sbom", "scan", "sign", "attest"];

    /// <summary>Parses <c>sbom=Succeeded;scan=Failed;…</c>; an empty text (the hook did not run) gives no entries.</summary>
    public static IReadOnlyDictionary<string, string> ParseOutcomes(string? outcomes) =>
        (outcomes ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    public static async Task<ReleaseImageResult> ReadAsync(
        ReleaseProject project, string imageRecordPath, IReadOnlyDictionary<string, string> outcomes, IReadOnlyDictionary<string, string> reasons,
        bool succeeded, IReadOnlyList<string> errors, DateTimeOffset publishStartedAt, double durationSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(reasons);
        var record = await ImageRecordStore.ReadAsync(imageRecordPath, cancellationToken).ConfigureAwait(false);
        var folder = Path.GetDirectoryName(Path.GetFullPath(imageRecordPath))!;
        var sbomFiles = Directory.EnumerateFiles(folder, "sbom.*").Order(StringComparer.Ordinal).ToList();
        var scan = Path.Combine(folder, "scan.json");
        var signature = Path.Combine(folder, SecurityArtifactLayout.SignatureRecordFileName);
        var bundle = Path.Combine(folder, SecurityArtifactLayout.SignatureBundleFileName);
        // provenance.intoto.json matches both patterns: listed once.
        var attestations = Directory.EnumerateFiles(folder, "*.intoto.json*").Concat(Directory.EnumerateFiles(folder, "provenance*")).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var artifacts = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["sbom"] = sbomFiles,
            ["scan"] = [scan],
            ["sign"] = [signature, bundle],
            ["attest"] = attestations,
        };

        var stages = new List<ReleaseStage> { new("build", "Succeeded", null, Since(publishStartedAt, record.RecordedAt)) };
        foreach (var stage in HookStages)
        {
            var outcome = outcomes.TryGetValue(stage, out var value) ? value : "NotRun";
            var finished = artifacts[stage].Where(File.Exists).Select(f => (DateTimeOffset?)File.GetLastWriteTimeUtc(f)).Max();
            reasons.TryGetValue(stage, out var reason);
            if (outcome == "NotRun")
            {
                reason ??= "the publish stopped before this stage";
            }

            stages.Add(new ReleaseStage(stage, outcome, reason, finished is { } at ? Since(publishStartedAt, at) : null));
        }

        var warned = stages.Any(s => s.Outcome == nameof(StageOutcome.FailedOpen));
        return new ReleaseImageResult
        {
            Project = project.Name,
            ProjectPath = project.ProjectPath,
            Outcome = !succeeded ? ReleaseImageOutcome.Failed : warned ? ReleaseImageOutcome.SucceededWithWarnings : ReleaseImageOutcome.Succeeded,
            Registry = record.Registry,
            Repository = record.Repository,
            Tags = record.Tags,
            Digest = record.Digest,
            Reference = record.Reference,
            Signature = await ReadSignatureAsync(signature, bundle, cancellationToken).ConfigureAwait(false),
            Sbom = sbomFiles.Count == 0 ? null : new ReleaseSbom(sbomFiles.Select(Path.GetFileName).ToList()!, await CountComponentsAsync(sbomFiles, cancellationToken).ConfigureAwait(false)),
            Provenance = attestations.Count == 0 ? null : string.Join(", ", attestations.Select(Path.GetFileName)),
            Findings = File.Exists(scan) ? await ReadFindingsAsync(scan, cancellationToken).ConfigureAwait(false) : null,
            Stages = stages,
            DurationSeconds = durationSeconds,
            Errors = errors,
        };
    }

    private static double Since(DateTimeOffset start, DateTimeOffset at) => Math.Round(Math.Max(0, (at - start).TotalSeconds), 2);

    private static async Task<ReleaseSignature?> ReadSignatureAsync(string signature, string bundle, CancellationToken cancellationToken)
    {
        if (File.Exists(signature))
        {
            using var json = await ReadJsonAsync(signature, cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            var layouts = root.TryGetProperty("layouts", out var l) ? l.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            var key = root.TryGetProperty("keyHint", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            var verified = root.TryGetProperty("verifiedAfterSigning", out var v) && v.ValueKind == JsonValueKind.True;
            return new ReleaseSignature(layouts, key, verified);
        }

        return File.Exists(bundle) ? new ReleaseSignature(["bundle-file"], null, false) : null;
    }

    /// <summary>The largest document's count: a CycloneDX <c>components</c> array or an SPDX <c>packages</c> array.</summary>
    private static async Task<int> CountComponentsAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var most = 0;
        foreach (var file in files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var json = await ReadJsonAsync(file, cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            var count = root.TryGetProperty("components", out var c) && c.ValueKind == JsonValueKind.Array ? c.GetArrayLength()
                : root.TryGetProperty("packages", out var p) && p.ValueKind == JsonValueKind.Array ? p.GetArrayLength() : 0;
            most = Math.Max(most, count);
        }

        return most;
    }

    /// <summary>The findings and the gate's verdict, read by the scan report's own reader (every scan.json schema version); null when the gate evaluated nothing.</summary>
    private static async Task<ReleaseFindings?> ReadFindingsAsync(string scan, CancellationToken cancellationToken)
    {
        var report = await Scanning.Reports.ScanJsonReader.ReadAsync(scan, cancellationToken).ConfigureAwait(false);
        if (report.Gate == Scanning.GateState.NotEvaluated)
        {
            return null;
        }

        using var json = await ReadJsonAsync(scan, cancellationToken).ConfigureAwait(false);
        var bySeverity = json.RootElement.GetProperty("summary").GetProperty("bySeverity").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        return new ReleaseFindings(bySeverity, report.GatePassed);
    }

    private static async Task<JsonDocument> ReadJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
