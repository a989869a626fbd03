namespace SimpleContainer.Security.Sbom.Catalogers.Dpkg;

/// <summary>Maps each Depends/Pre-Depends group to the first installed alternative, by name or by what packages provide.</summary>
internal sealed class DpkgDependencyResolver
{
    private readonly Dictionary<string, List<DpkgEntry>> _byName = new(StringComparer.Ordinal);

    public DpkgDependencyResolver(IEnumerable<DpkgEntry> entries)
    {
        foreach (var entry in entries)
        {
            foreach (var name in entry.Provides.Prepend(entry.Name))
            {
                if (!_byName.TryGetValue(name, out var list))
                {
                    _byName[name] = list = [];
                }

                list.Add(entry);
            }
        }
    }

    public IEnumerable<DpkgEntry> Resolve(DpkgEntry entry)
    {
        foreach (var group in entry.Depends)
        {
            var installed = group.Select(name => _byName.GetValueOrDefault(name)).FirstOrDefault(list => list is { Count: > 0 });
            if (installed is null)
            {
                continue;
            }

            // Multi-Arch: prefer the same architecture, then 'all', then whatever is there.
            var match = installed.FirstOrDefault(d => d.Architecture == entry.Architecture)
                ?? installed.FirstOrDefault(d => d.Architecture == "all")
                ?? installed[0];
            if (!ReferenceEquals(match, entry))
            {
                yield return match;
            }
        }
    }
}
