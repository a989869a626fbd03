namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>Picks a finding's preferred id (a CVE when one is known) and its other ids, as <see cref="Finding"/> documents them.</summary>
internal static class FindingIds
{
    public static (string Id, IReadOnlyList<string> Aliases) Choose(string primary, IEnumerable<string> others)
    {
        var all = others.Prepend(primary).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var id = all.FirstOrDefault(i => i.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)) ?? primary;
        var aliases = all.Where(i => !string.Equals(i, id, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        return (id, aliases);
    }
}
