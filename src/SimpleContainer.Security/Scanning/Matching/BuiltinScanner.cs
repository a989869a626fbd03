using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Matching;

/// <summary>
/// The builtin matcher: looks every NuGet, deb, apk and rpm package of the target up in the advisory database and
/// evaluates the records' ranges for the image's release (Debian and Ubuntu by source package and source version,
/// Alpine by origin, AlmaLinux/Rocky/RHEL by package and source rpm with <c>epoch:version-release</c>). Withdrawn
/// records and records of another release never match; findings of one vulnerability are merged by <see cref="FindingMerger"/>.
/// </summary>
public sealed class BuiltinScanner(IAdvisoryIndex index, string? databaseName = null, DateTimeOffset? databaseUpdated = null) : IVulnerabilityScanner
{
    public const string ScannerName = "builtin";

    public string Name => ScannerName;

    /// <summary>The library's version: the builtin matcher is versioned with it.</summary>
    public static string Version => ProductInfo.Version;

    public async Task<ScannerResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var target = request.Target;
        var queries = new List<AdvisoryQuery>();
        var unmatched = new List<UnmatchedPackage>();
        var notMatched = 0;
        foreach (var package in target.Packages)
        {
            var query = AdvisoryQueries.For(package, target.Distro);
            var problem = query is null ? AdvisoryQueries.WhyNotCovered(package, target.Distro)
                : !query.Comparer.IsValid(query.Version) ? $"'{query.Version}' is not a {query.Comparer.Scheme} version"
                : null;
            if (query is null || problem is not null)
            {
                // Not looked up is not unaffected: OS packages and unreadable versions are named, other ecosystems only counted.
                notMatched++;
                if (problem is not null) unmatched.Add(new UnmatchedPackage($"{package.Name}@{package.Version}", problem));
            }
            else
            {
                queries.Add(query);
            }
        }

        IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>> records;
        IReadOnlyList<string> missingFamilies;
        try
        {
            var keys = queries.SelectMany(q => q.Keys).Distinct().ToList();
            missingFamilies = await index.MissingFamiliesAsync([.. keys.Select(k => k.EcosystemFamily).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
            records = await index.FindAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ScException or IOException or DbException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            var missing = ex is FileNotFoundException or DirectoryNotFoundException;
            var error = ex is ScException coded
                ? coded.Diagnostic.Message
                : new ScDiagnostic(DiagnosticIds.BuiltinDatabaseUnreadable, DiagnosticSeverity.Warning, databaseName ?? "advisory index", ex.Message).Message;
            return new ScannerResult(
                new ScannerRun
                {
                    Name = Name,
                    Outcome = missing ? ScannerOutcome.Missing : ScannerOutcome.Failed,
                    Error = error,
                    Database = databaseName,
                    DatabaseUpdated = databaseUpdated,
                    Duration = stopwatch.Elapsed,
                    PackagesScanned = target.Packages.Count,
                    PackagesNotMatched = notMatched,
                    Unmatched = unmatched,
                },
                []);
        }

        var findings = new List<Finding>();
        var withdrawn = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            findings.AddRange(Match(query, records, target.Platform, withdrawn));
        }

        // A database without any record of an ecosystem the image needs cannot show those packages unaffected: the run
        // keeps what it found elsewhere but does not count as a scan.
        var uncovered = queries.Count(q => q.Keys.Any(k => missingFamilies.Contains(k.EcosystemFamily, StringComparer.Ordinal)));
        var merged = FindingMerger.Merge(findings);
        return new ScannerResult(
            new ScannerRun
            {
                Name = Name,
                Version = Version,
                Outcome = missingFamilies.Count == 0 ? ScannerOutcome.Succeeded : ScannerOutcome.Missing,
                Error = missingFamilies.Count == 0 ? null
                    : new ScDiagnostic(DiagnosticIds.VulnerabilityDatabaseLacksEcosystem, DiagnosticSeverity.Warning, databaseName ?? "advisory index", string.Join(", ", missingFamilies), uncovered).Message,
                FindingCount = merged.Count,
                Database = databaseName,
                DatabaseUpdated = databaseUpdated,
                Duration = stopwatch.Elapsed,
                PackagesScanned = target.Packages.Count,
                PackagesNotMatched = notMatched,
                Unmatched = unmatched,
                WithdrawnRecordsSkipped = withdrawn.Count,
            },
            merged);
    }

    private static IEnumerable<Finding> Match(
        AdvisoryQuery query,
        IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>> records,
        string? platform,
        HashSet<string> withdrawn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in query.Keys)
        {
            if (!records.TryGetValue(key, out var candidates)) continue;
            foreach (var record in candidates)
            {
                if (record.Withdrawn is not null)
                {
                    withdrawn.Add(record.Id);
                    continue;
                }

                if (seen.Contains(record.Id)) continue;
                var matched = new List<OsvAffected>();
                string? fix = null;
                foreach (var affected in record.Affected ?? [])
                {
                    if (affected.Package is not { } package
                        || !string.Equals(AdvisoryKey.FamilyOf(package.Ecosystem), key.EcosystemFamily, StringComparison.OrdinalIgnoreCase)
                        || !new AdvisoryKey(key.EcosystemFamily, package.Name).Equals(key)
                        || !query.AcceptsEcosystem(package.Ecosystem))
                    {
                        continue;
                    }

                    var evaluation = OsvAffectedEvaluator.Evaluate(affected, query.Version, query.Comparer);
                    if (!evaluation.IsAffected) continue;
                    if (evaluation.FixedVersion is not null && (fix is null || query.Comparer.Compare(evaluation.FixedVersion, fix) < 0))
                    {
                        fix = evaluation.FixedVersion;
                    }

                    matched.Add(affected);
                }

                if (matched.Count == 0) continue;
                seen.Add(record.Id);
                yield return ToFinding(record, matched, query, fix, platform);
            }
        }
    }

    private static Finding ToFinding(OsvRecord record, List<OsvAffected> matched, AdvisoryQuery query, string? fix, string? platform)
    {
        var severity = RecordSeverity.Of(record, matched);
        return new Finding
        {
            VulnerabilityId = record.Id,
            Aliases = [.. (record.Aliases ?? []).Where(a => !string.Equals(a, record.Id, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Package = query.Package,
            FixedVersion = fix,
            Severity = severity.Severity,
            SeveritySource = severity.Source,
            CvssScore = severity.CvssScore,
            CvssVector = severity.CvssVector,
            Title = record.Summary,
            Url = AdvisoryUrls.Of(record),
            FoundBy = [ScannerName],
            Platform = platform,
        };
    }
}
