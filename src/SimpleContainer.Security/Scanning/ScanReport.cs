using SimpleContainer.Security.Scanning.Reports;

namespace SimpleContainer.Security.Scanning;

/// <summary>What the policy decided for one finding.</summary>
public enum FindingAction
{
    /// <summary>Below every threshold: reported only.</summary>
    Pass,

    /// <summary>At or above <c>warnOn</c> (or <c>failOn</c> with <c>softFail</c>): an MSBuild warning.</summary>
    Warn,

    /// <summary>At or above <c>failOn</c>: an MSBuild error; the gate fails and the image stays unsigned.</summary>
    Fail,

    /// <summary>Listed in the ignore file (and not expired).</summary>
    Ignored,

    /// <summary>An OpenVEX statement says <c>not_affected</c> (or <c>fixed</c>).</summary>
    NotAffected,
}

/// <summary>One finding with the policy's decision and why.</summary>
public sealed record FindingVerdict(Finding Finding, FindingAction Action, string? Reason = null);

/// <summary>How one scanner's run went.</summary>
public enum ScannerOutcome
{
    Succeeded,

    /// <summary>Not installed (grype/trivy), or the database is missing: a warning unless required.</summary>
    Missing,

    Failed,
}

/// <summary>One scanner's part of a scan: <c>builtin</c>, <c>grype</c> or <c>trivy</c>.</summary>
public sealed record ScannerRun
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    public required ScannerOutcome Outcome { get; init; }

    public int FindingCount { get; init; }

    /// <summary>Why it failed or was missing; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The database the scanner matched against (path or the tool's own), and when it was built.</summary>
    public string? Database { get; init; }

    public DateTimeOffset? DatabaseUpdated { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>How many packages the scanner looked at; null when it does not say.</summary>
    public int? PackagesScanned { get; init; }

    /// <summary>Packages the scanner could not match (an ecosystem or release it does not cover); null when it does not say.</summary>
    public int? PackagesNotMatched { get; init; }

    /// <summary>Withdrawn records the scanner found for the packages and skipped; null when it does not say.</summary>
    public int? WithdrawnRecordsSkipped { get; init; }

    /// <summary>OS packages (and versions) the scanner could not look up, each with why: their vulnerabilities are unknown, not absent.</summary>
    public IReadOnlyList<UnmatchedPackage> Unmatched { get; init; } = [];
}

/// <summary>A package a scanner could not look up (<c>libssl3@3.0.11-1</c>) and why (no distro known, a distro it does not cover, a version it cannot order).</summary>
public sealed record UnmatchedPackage(string Package, string Reason);

/// <summary>
/// The normalised result of scanning one image (all platforms): every scanner's run, the merged findings and the
/// policy's verdict on each. This is what <c>scan.json</c>, <c>scan.sarif</c> and <c>scan.md</c> are written from.
/// </summary>
public sealed record ScanReport
{
    /// <summary>The image, <c>registry/repository@sha256:…</c> (the index for multi-arch), or the SBOM's name.</summary>
    public required string Subject { get; init; }

    public string? Digest { get; init; }

    public required IReadOnlyList<ScanTarget> Targets { get; init; }

    public required IReadOnlyList<ScannerRun> Scanners { get; init; }

    public required IReadOnlyList<FindingVerdict> Verdicts { get; init; }

    /// <summary>The thresholds that were applied, as words (<c>high</c>); null when none.</summary>
    public string? FailOn { get; init; }

    public string? WarnOn { get; init; }

    public bool SoftFail { get; init; }

    /// <summary>Scanners' own failOn thresholds as words (<c>critical</c>, or <c>none</c>), which replace <see cref="FailOn"/> for what each found.</summary>
    public IReadOnlyDictionary<string, string> ToolFailOn { get; init; } = new Dictionary<string, string>();

    /// <summary>Scanners' own warnOn thresholds as words, which replace <see cref="WarnOn"/> for what each found.</summary>
    public IReadOnlyDictionary<string, string> ToolWarnOn { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset Created { get; init; }

    /// <summary>
    /// The images (per platform) no scanner produced a result for, each with why (<c>linux/amd64: builtin: …</c>).
    /// Their vulnerabilities are unknown, so a gate over them was not evaluated.
    /// </summary>
    public IReadOnlyList<string> NotScanned { get; init; } = [];

    /// <summary>
    /// The gate's verdict: a failing finding wins; otherwise an image no scanner produced a result for, or a scanner with a
    /// failOn of its own that did not scan, leaves it not evaluated.
    /// </summary>
    public GateState Gate =>
        Verdicts.Any(v => v.Action == FindingAction.Fail) ? GateState.Failed
        : !HasFailThreshold ? GateState.Off
        : NotScanned.Count > 0 || ToolGatesNotEvaluated.Count > 0 ? GateState.NotEvaluated
        : GateState.Passed;

    /// <summary>True when some scanner's findings are judged by a failOn threshold: its own, or the global one.</summary>
    public bool HasFailThreshold =>
        ToolFailOn.Count == 0 || Scanners.Count == 0
            ? FailOn is not null
            : Scanners.Select(s => s.Name).Any(name => ToolFailOn.TryGetValue(name, out var own) ? own != Policy.ScanToolThresholds.None : FailOn is not null);

    /// <summary>
    /// The scanners with a failOn threshold of their own that did not scan (every platform counts), each with why: the
    /// gate they were given evaluated nothing, so the report's gate is not "passed" even when other scanners ran.
    /// </summary>
    public IReadOnlyList<string> ToolGatesNotEvaluated =>
        Scanners.Where(r => r.Outcome != ScannerOutcome.Succeeded && ToolFailOn.TryGetValue(r.Name, out var own) && own != Policy.ScanToolThresholds.None)
            .DistinctBy(r => r.Name)
            .Select(r => $"{r.Name}: its failOn={ToolFailOn[r.Name]} gate was not evaluated ({r.Error ?? r.Outcome.ToWord()})")
            .ToList();

    /// <summary>The failOn thresholds as messages name them: <c>high</c>, or <c>high (grype: critical)</c> with scanners' own.</summary>
    public string FailOnWords =>
        (FailOn ?? Policy.ScanToolThresholds.None) + (ToolFailOn.Count == 0 ? string.Empty : $" ({string.Join(", ", ToolFailOn.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}: {t.Value}"))})");

    /// <summary>True when the gate passed or no failOn gate is set; a gate that was not evaluated did not pass.</summary>
    public bool GatePassed => Gate is GateState.Passed or GateState.Off;
}

/// <summary>What the failOn gate decided.</summary>
public enum GateState
{
    /// <summary>No failOn threshold is set (and no finding failed).</summary>
    Off,

    /// <summary>Every image was scanned and no finding is at or above failOn.</summary>
    Passed,

    /// <summary>A finding is at or above failOn.</summary>
    Failed,

    /// <summary>failOn is set, nothing failed, but no scanner produced a result for at least one image: never "passed".</summary>
    NotEvaluated,
}

/// <summary>The words reports use for a <see cref="GateState"/>.</summary>
public static class GateStates
{
    public static string ToWord(this GateState gate) => gate switch
    {
        GateState.Passed => "passed",
        GateState.Failed => "failed",
        GateState.NotEvaluated => "not-evaluated",
        _ => "off",
    };
}
