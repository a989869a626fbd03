using SimpleContainer.Security.Scanning.Versions;

namespace SimpleContainer.Security.Scanning.Matching;

/// <summary>
/// Merges findings that are one vulnerability of one package: same package key and version, same platform, and ids
/// that overlap (the id or any alias, transitively), whichever scanners they came from.
/// </summary>
public static class FindingMerger
{
    /// <summary>
    /// One finding per vulnerability and package: the id is a CVE when one is known, else a GHSA, else the first
    /// id; every other id becomes a sorted alias; the severity is the highest from a <c>record</c> source when there is
    /// one, else the highest; the fix is the lowest in the package's ordering; <see cref="Finding.FoundBy"/> is the sorted union.
    /// </summary>
    public static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var merged = new List<Finding>();
        foreach (var group in findings.GroupBy(f => (f.Package.Key, f.Package.Version, f.Platform)))
        {
            merged.AddRange(Clusters([.. group]).Select(MergeCluster));
        }

        return [.. merged
            .OrderBy(f => f.Platform ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(f => f.Package.Key, StringComparer.Ordinal)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal)];
    }

    /// <summary>Union–find over the findings of one package, joined by any shared id.</summary>
    private static IEnumerable<List<Finding>> Clusters(List<Finding> findings)
    {
        var parent = Enumerable.Range(0, findings.Count).ToArray();
        int Root(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }

        var owner = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < findings.Count; i++)
        {
            foreach (var id in findings[i].AllIds)
            {
                if (owner.TryGetValue(id, out var other)) parent[Root(i)] = Root(other);
                else owner[id] = i;
            }
        }

        return Enumerable.Range(0, findings.Count).GroupBy(Root).Select(g => g.Select(i => findings[i]).ToList());
    }

    private static Finding MergeCluster(List<Finding> cluster)
    {
        var ids = cluster.SelectMany(f => f.AllIds).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var id = ids.FirstOrDefault(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
            ?? ids.FirstOrDefault(i => i.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase))
            ?? ids[0];

        var rated = cluster.Where(f => f.SeveritySource == "record").ToList();
        var severest = (rated.Count > 0 ? rated : cluster).OrderByDescending(f => f.Severity).First();
        var withScore = severest.CvssScore is not null ? severest : cluster.FirstOrDefault(f => f.CvssScore is not null);
        var comparer = EcosystemVersionComparers.ForPackage(cluster[0].Package.Ecosystem) ?? (IComparer<string>)StringComparer.Ordinal;
        var fix = cluster.Select(f => f.FixedVersion).OfType<string>().Order(comparer).FirstOrDefault();

        return cluster[0] with
        {
            VulnerabilityId = id,
            Aliases = [.. ids.Where(i => !string.Equals(i, id, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)],
            Severity = severest.Severity,
            SeveritySource = severest.SeveritySource,
            CvssScore = withScore?.CvssScore,
            CvssVector = withScore?.CvssVector,
            FixedVersion = fix,
            Title = cluster.Select(f => f.Title).FirstOrDefault(t => !string.IsNullOrEmpty(t)),
            Url = cluster.FirstOrDefault(f => string.Equals(f.VulnerabilityId, id, StringComparison.OrdinalIgnoreCase) && f.Url is not null)?.Url
                ?? cluster.Select(f => f.Url).FirstOrDefault(u => u is not null),
            FoundBy = [.. cluster.SelectMany(f => f.FoundBy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}
