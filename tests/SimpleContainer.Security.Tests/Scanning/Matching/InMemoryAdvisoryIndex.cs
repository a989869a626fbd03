using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

/// <summary>The database's lookup contract over a list of records: every record is filed under each of its affected packages.</summary>
internal sealed class InMemoryAdvisoryIndex(params OsvRecord[] records) : IAdvisoryIndex
{
    public List<IReadOnlyCollection<AdvisoryKey>> Lookups { get; } = [];

    public Task<IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>>> FindAsync(IReadOnlyCollection<AdvisoryKey> keys, CancellationToken cancellationToken)
    {
        Lookups.Add(keys);
        var byKey = records
            .SelectMany(r => (r.Affected ?? []).Where(a => a.Package is not null).Select(a => (Key: new AdvisoryKey(AdvisoryKey.FamilyOf(a.Package!.Ecosystem), a.Package.Name), Record: r)))
            .Where(pair => keys.Contains(pair.Key))
            .GroupBy(pair => pair.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OsvRecord>)[.. g.Select(p => p.Record).Distinct()]);
        return Task.FromResult<IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>>>(byKey);
    }
}

/// <summary>An index whose database cannot be read.</summary>
internal sealed class BrokenAdvisoryIndex : IAdvisoryIndex
{
    public Task<IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>>> FindAsync(IReadOnlyCollection<AdvisoryKey> keys, CancellationToken cancellationToken) =>
        throw new InvalidDataException("file is not a database");
}
