using NuGet.Versioning;
using SimpleContainer.Security.Scanning.Versions;
using IVersionComparer = SimpleContainer.Security.Scanning.Versions.IVersionComparer;

namespace SimpleContainer.Security.Scanning.Osv;

/// <summary>Whether one <c>affected[]</c> entry covers an installed version, and the lowest fix above it.</summary>
/// <param name="IsAffected">True when the version is listed in <c>versions[]</c> or falls inside a range.</param>
/// <param name="FixedVersion">The lowest <c>fixed</c> event above the version in a range that covers it (or, when it
/// is affected only through <c>versions[]</c>, in any range); null when no fix is known (e.g. only <c>last_affected</c>).</param>
public sealed record OsvEvaluation(bool IsAffected, string? FixedVersion)
{
    public static OsvEvaluation NotAffected { get; } = new(false, null);
}

/// <summary>
/// Evaluates an OSV <c>affected[]</c> entry for an installed version exactly as the OSV schema's "Evaluation"
/// pseudocode does (<c>IncludedInVersions</c> || <c>IncludedInRanges</c>, events sorted by version, <c>limit</c>
/// bounding a range, <c>introduced: "0"</c> before everything). <c>ECOSYSTEM</c> ranges use the ecosystem's ordering,
/// <c>SEMVER</c> ranges SemVer 2.0.0 precedence, <c>GIT</c> ranges are ignored, and our
/// <see cref="OsvRangeTypes.NuGetInterval"/> ranges are NuGet <see cref="VersionRange"/>s.
/// </summary>
public static class OsvAffectedEvaluator
{
    /// <summary>Evaluates <paramref name="affected"/> for <paramref name="version"/> (package identity is the caller's check).</summary>
    public static OsvEvaluation Evaluate(OsvAffected affected, string version, IVersionComparer ecosystemComparer)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(ecosystemComparer);

        var inVersions = affected.Versions?.Any(listed => IsSameVersion(listed, version, ecosystemComparer)) == true;
        string? rangeFix = null;
        var inRanges = false;
        foreach (var range in affected.Ranges ?? [])
        {
            var result = EvaluateRange(range, version, ecosystemComparer);
            if (result is null) continue;
            if (result.IsAffected && !inRanges)
            {
                inRanges = true;
                rangeFix = result.FixedVersion;
            }
            else if (result.IsAffected)
            {
                rangeFix = Lowest(rangeFix, result.FixedVersion, ComparerFor(range, version, ecosystemComparer));
            }
        }

        if (inRanges) return new OsvEvaluation(true, rangeFix);
        if (!inVersions) return OsvEvaluation.NotAffected;
        return new OsvEvaluation(true, LowestFixAbove(affected, version, ecosystemComparer));
    }

    private static bool IsSameVersion(string listed, string version, IVersionComparer comparer) =>
        string.Equals(listed, version, StringComparison.Ordinal)
        || (comparer.IsValid(listed) && comparer.IsValid(version) && comparer.Compare(listed, version) == 0);

    /// <summary>Null when the range cannot be evaluated (GIT, unknown type, a version its ordering cannot read).</summary>
    private static OsvEvaluation? EvaluateRange(OsvRange range, string version, IVersionComparer ecosystemComparer)
    {
        if (string.Equals(range.Type, OsvRangeTypes.NuGetInterval, StringComparison.Ordinal)) return EvaluateNuGetInterval(range, version);
        if (!string.Equals(range.Type, OsvRangeTypes.Ecosystem, StringComparison.Ordinal)
            && !string.Equals(range.Type, OsvRangeTypes.SemVer, StringComparison.Ordinal))
        {
            return null;
        }

        var comparer = ComparerFor(range, version, ecosystemComparer);
        if (!comparer.IsValid(version)) return null;
        if (!BeforeLimits(range, version, comparer)) return OsvEvaluation.NotAffected;

        var vulnerable = false;
        string? fix = null;
        foreach (var evt in Sorted(range.Events, comparer))
        {
            if (evt.Introduced is not null && (IsZero(evt.Introduced) || comparer.Compare(version, evt.Introduced) >= 0))
            {
                vulnerable = true;
                fix = null;
            }
            else if (evt.Fixed is not null && comparer.Compare(version, evt.Fixed) >= 0)
            {
                vulnerable = false;
            }
            else if (evt.LastAffected is not null && comparer.Compare(version, evt.LastAffected) > 0)
            {
                vulnerable = false;
            }
            else if (vulnerable && evt.Fixed is not null && fix is null)
            {
                // The first fix above the version after the introduction that made it vulnerable.
                fix = evt.Fixed;
            }
        }

        return vulnerable ? new OsvEvaluation(true, fix) : OsvEvaluation.NotAffected;
    }

    private static bool BeforeLimits(OsvRange range, string version, IVersionComparer comparer)
    {
        var limits = range.Events.Where(e => e.Limit is not null).Select(e => e.Limit!).ToList();
        return limits.Count == 0 || limits.Any(limit => limit.Contains('*', StringComparison.Ordinal) || comparer.Compare(version, limit) < 0);
    }

    /// <summary>Events in version order; <c>introduced: "0"</c> first; ties keep the record's order (a stable sort).</summary>
    private static IEnumerable<OsvEvent> Sorted(IReadOnlyList<OsvEvent> events, IVersionComparer comparer) =>
        events.Where(e => e.Limit is null && EventVersion(e) is not null)
            .Select((e, index) => (Event: e, Index: index))
            .Order(Comparer<(OsvEvent Event, int Index)>.Create((a, b) =>
            {
                var left = EventVersion(a.Event)!;
                var right = EventVersion(b.Event)!;
                var byVersion = (IsZero(left) && a.Event.Introduced is not null, IsZero(right) && b.Event.Introduced is not null) switch
                {
                    (true, true) => 0,
                    (true, false) => -1,
                    (false, true) => 1,
                    _ => comparer.Compare(left, right),
                };
                return byVersion != 0 ? byVersion : a.Index.CompareTo(b.Index);
            }))
            .Select(pair => pair.Event);

    private static string? EventVersion(OsvEvent evt) => evt.Introduced ?? evt.Fixed ?? evt.LastAffected;

    private static bool IsZero(string version) => string.Equals(version, "0", StringComparison.Ordinal);

    private static IVersionComparer ComparerFor(OsvRange range, string version, IVersionComparer ecosystemComparer) =>
        string.Equals(range.Type, OsvRangeTypes.SemVer, StringComparison.Ordinal) && EcosystemVersionComparers.SemVer.IsValid(version)
            ? EcosystemVersionComparers.SemVer
            : ecosystemComparer;

    private static OsvEvaluation? EvaluateNuGetInterval(OsvRange range, string version)
    {
        if (range.Interval is null
            || !VersionRange.TryParse(range.Interval, out var interval)
            || !NuGetVersion.TryParse(version, out var installed))
        {
            return null;
        }

        if (!interval.Satisfies(installed)) return OsvEvaluation.NotAffected;
        var fix = interval.HasUpperBound && !interval.IsMaxInclusive ? interval.MaxVersion!.ToNormalizedString() : null;
        return new OsvEvaluation(true, fix);
    }

    private static string? LowestFixAbove(OsvAffected affected, string version, IVersionComparer ecosystemComparer)
    {
        string? lowest = null;
        foreach (var range in affected.Ranges ?? [])
        {
            var comparer = ComparerFor(range, version, ecosystemComparer);
            foreach (var fix in range.Events.Where(e => e.Fixed is not null).Select(e => e.Fixed!))
            {
                if (comparer.Compare(fix, version) > 0) lowest = Lowest(lowest, fix, comparer);
            }
        }

        return lowest;
    }

    private static string? Lowest(string? current, string? candidate, IVersionComparer comparer) =>
        current is null ? candidate : candidate is null ? current : comparer.Compare(candidate, current) < 0 ? candidate : current;
}
