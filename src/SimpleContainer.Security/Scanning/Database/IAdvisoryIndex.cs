using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Database;

/// <summary>
/// A lookup key: the OSV ecosystem's family (the part before the first ':': <c>NuGet</c>, <c>Debian</c>,
/// <c>Ubuntu</c>, <c>Alpine</c>, <c>Red Hat</c>, <c>AlmaLinux</c>, <c>Rocky Linux</c>, …) and the package name as the
/// advisories spell it. NuGet ids are case-insensitive and stored lowercase; other names are kept as they are.
/// </summary>
public readonly record struct AdvisoryKey
{
    public AdvisoryKey(string ecosystemFamily, string name)
    {
        EcosystemFamily = ecosystemFamily;
        Name = string.Equals(ecosystemFamily, "NuGet", StringComparison.OrdinalIgnoreCase) ? name.ToLowerInvariant() : name;
    }

    public string EcosystemFamily { get; }

    public string Name { get; }

    /// <summary>The family of a full OSV ecosystem string: <c>Debian:12</c> → <c>Debian</c>.</summary>
    public static string FamilyOf(string ecosystem)
    {
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ecosystem : ecosystem[..colon];
    }
}

/// <summary>
/// Read access to the vulnerability database. Returns every stored record with an <c>affected[]</c> entry for the key
/// (withdrawn ones included: the matcher skips them, so the report can count them); the matcher then checks the full
/// ecosystem (<c>Debian:12</c>) and the version ranges.
/// </summary>
public interface IAdvisoryIndex
{
    Task<IReadOnlyDictionary<AdvisoryKey, IReadOnlyList<OsvRecord>>> FindAsync(IReadOnlyCollection<AdvisoryKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The ecosystem families among <paramref name="families"/> the index holds no record for: a package of such a
    /// family was not looked up, whatever the lookup returned. An index that cannot tell returns none.
    /// </summary>
    Task<IReadOnlyList<string>> MissingFamiliesAsync(IReadOnlyCollection<string> families, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
