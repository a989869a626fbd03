using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning.Policy;

/// <summary>
/// The gate: findings at or above <see cref="FailOn"/> fail it (warnings instead with <see cref="SoftFail"/>), those at or
/// above <see cref="WarnOn"/> warn; the ignore list and OpenVEX statements take findings out before the thresholds apply.
/// </summary>
public sealed record ScanPolicy
{
    public Severity? FailOn { get; init; }

    public Severity? WarnOn { get; init; }

    public bool SoftFail { get; init; }

    /// <summary>Scanners' own failOn thresholds (<see cref="ScanToolThresholds"/>), replacing <see cref="FailOn"/> for what they found.</summary>
    public IReadOnlyDictionary<string, Severity?> ToolFailOn { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>Scanners' own warnOn thresholds, replacing <see cref="WarnOn"/> for what they found.</summary>
    public IReadOnlyDictionary<string, Severity?> ToolWarnOn { get; init; } = new Dictionary<string, Severity?>();

    public IReadOnlyList<IgnoreRule> Ignore { get; init; } = [];

    /// <summary>Where <see cref="Ignore"/> came from, for messages.</summary>
    public string? IgnoreSource { get; init; }

    public IReadOnlyList<VexStatement> Vex { get; init; } = [];

    /// <summary>A threshold word (<c>critical</c>, <c>high</c>, <c>medium</c>/<c>moderate</c>, <c>low</c>, <c>negligible</c>, <c>unknown</c>); <c>none</c>, <c>off</c> or empty is no threshold.</summary>
    public static Severity? ParseThreshold(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().ToUpperInvariant() is "NONE" or "OFF" or "FALSE")
        {
            return null;
        }

        return Severities.TryParse(text) ?? throw new ScException(DiagnosticIds.UnknownSeverityThreshold, text.Trim(), setting);
    }
}

/// <summary>The policy's verdicts, and the warnings it raised on the way (expired ignore entries).</summary>
public sealed record PolicyResult(IReadOnlyList<FindingVerdict> Verdicts, IReadOnlyList<ScDiagnostic> Diagnostics);

/// <summary>Applies a <see cref="ScanPolicy"/> to merged findings.</summary>
public static class PolicyEvaluator
{
    /// <param name="imageDigests">The digests of the scanned image (index and platforms), which OpenVEX products may name.</param>
    /// <param name="today">The date expiry is judged against (UTC).</param>
    public static PolicyResult Evaluate(IEnumerable<Finding> findings, ScanPolicy policy, IReadOnlyCollection<string> imageDigests, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(policy);
        var verdicts = new List<FindingVerdict>();
        var expiredReported = new HashSet<IgnoreRule>();
        var diagnostics = new List<ScDiagnostic>();
        foreach (var finding in findings)
        {
            var vex = policy.Vex
                .Select((statement, order) => (statement, order))
                .Where(s => s.statement.Covers(finding, imageDigests))
                .OrderBy(s => s.statement.Timestamp ?? DateTimeOffset.MinValue)
                .ThenBy(s => s.order)
                .Select(s => s.statement)
                .LastOrDefault();
            if (vex is { Status: VexStatus.NotAffected or VexStatus.Fixed })
            {
                var status = vex.Status == VexStatus.NotAffected ? "not_affected" : "fixed";
                verdicts.Add(new FindingVerdict(finding, FindingAction.NotAffected, $"OpenVEX {status}{(vex.Justification is { } why ? ": " + why : string.Empty)} ({Path.GetFileName(vex.Source)})"));
                continue;
            }

            var rules = policy.Ignore.Where(r => r.Covers(finding)).ToList();
            var active = rules.FirstOrDefault(r => !r.IsExpired(today));
            if (active is not null)
            {
                var until = active.Expires is { } date ? $" until {date:yyyy-MM-dd}" : string.Empty;
                verdicts.Add(new FindingVerdict(finding, FindingAction.Ignored, $"ignored{until}{(active.Reason is { } reason ? ": " + reason : string.Empty)}"));
                continue;
            }

            foreach (var expired in rules.Where(expiredReported.Add))
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.IgnoreEntryExpired, DiagnosticSeverity.Warning, expired.Id, policy.IgnoreSource ?? "the ignore list", $"{expired.Expires:yyyy-MM-dd}"));
            }

            verdicts.Add(Threshold(finding, policy));
        }

        return new PolicyResult(verdicts, diagnostics);
    }

    private static FindingVerdict Threshold(Finding finding, ScanPolicy policy)
    {
        var (failOn, failScanner) = ScanToolThresholds.For(finding, policy.FailOn, policy.ToolFailOn);
        if (failOn is { } fail && finding.Severity >= fail)
        {
            var reason = $"at or above failOn={fail.ToWord()}{Of(failScanner)}";
            return policy.SoftFail
                ? new FindingVerdict(finding, FindingAction.Warn, reason + " (softFail)")
                : new FindingVerdict(finding, FindingAction.Fail, reason);
        }

        var (warnOn, warnScanner) = ScanToolThresholds.For(finding, policy.WarnOn, policy.ToolWarnOn);
        return warnOn is { } warn && finding.Severity >= warn
            ? new FindingVerdict(finding, FindingAction.Warn, $"at or above warnOn={warn.ToWord()}{Of(warnScanner)}")
            : new FindingVerdict(finding, FindingAction.Pass);
    }

    private static string Of(string? scanner) => scanner is null ? string.Empty : $" of {scanner}";
}
