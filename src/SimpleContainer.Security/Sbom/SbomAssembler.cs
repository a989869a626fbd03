using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom;

/// <summary>
/// Turns cataloged packages into SBOM components: one per purl (duplicates merged, their locations kept), sorted by
/// purl then name, with the dependency graph image → every component and package → package.
/// </summary>
public static class SbomAssembler
{
    public static SbomDocument Assemble(SbomSubject subject, IEnumerable<CatalogedPackage> packages, IReadOnlyList<SbomCreatorTool> tools, DateTimeOffset created, Guid serialNumber)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(packages);
        var merged = new Dictionary<string, Merged>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var key = BomRef(package);
            if (!merged.TryGetValue(key, out var entry))
            {
                merged[key] = entry = new Merged(package);
            }

            entry.Add(package);
        }

        var components = merged.Values
            .Select(m => m.ToComponent())
            .OrderBy(c => c.Purl?.ToString() ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.BomRef, StringComparer.Ordinal)
            .ToList();
        var subjectRef = subject.ToComponent().BomRef;
        var dependencies = new List<SbomDependency> { new(subjectRef, components.Select(c => c.BomRef).Order(StringComparer.Ordinal).ToList()) };
        dependencies.AddRange(merged
            .Where(m => m.Value.DependsOn.Count > 0)
            .Select(m => new SbomDependency(m.Key, m.Value.DependsOn.Select(p => p.ToString()).Where(merged.ContainsKey).Distinct().Order(StringComparer.Ordinal).ToList()))
            .Where(d => d.DependsOn.Count > 0)
            .OrderBy(d => d.Ref, StringComparer.Ordinal));

        return new SbomDocument
        {
            Subject = subject,
            Tools = tools,
            Components = components,
            Dependencies = dependencies,
            Created = created,
            SerialNumber = serialNumber,
        };
    }

    private static string BomRef(CatalogedPackage package) =>
        package.Purl?.ToString() ?? $"sc:{package.Type.ToString().ToLowerInvariant()}/{package.Name}@{package.Version}";

    private sealed class Merged(CatalogedPackage first)
    {
        private readonly List<SbomProperty> _properties = [];
        private readonly List<SbomHash> _hashes = [];

        public List<Purl> DependsOn { get; } = [];

        public void Add(CatalogedPackage package)
        {
            var location = new List<SbomProperty> { new(SbomProperty.Cataloger, package.Cataloger) };
            if (package.LayerDigest is { } layer)
            {
                location.Add(new SbomProperty(SbomProperty.LayerDigest, layer.ToString()));
            }

            location.Add(new SbomProperty(SbomProperty.LocationPath, package.Path));
            foreach (var property in package.Properties.Concat(location))
            {
                if (!_properties.Contains(property))
                {
                    _properties.Add(property);
                }
            }

            DependsOn.AddRange(package.DependsOn);
            foreach (var hash in package.Hashes)
            {
                if (!_hashes.Contains(hash))
                {
                    _hashes.Add(hash);
                }
            }

            License ??= package.License is { Length: > 0 } license ? license : null;
        }

        /// <summary>The first declared license of any of the merged packages.</summary>
        public string? License { get; private set; }

        public SbomComponent ToComponent() => new()
        {
            BomRef = BomRef(first),
            Type = first.Type,
            Name = first.Name,
            Version = first.Version,
            Purl = first.Purl,
            Supplier = first.Supplier,
            Description = first.Description,
            Homepage = first.Homepage,
            Hashes = _hashes,
            Licenses = License is { } license ? [SbomLicense.FromDeclared(license)] : [],
            Properties = _properties,
        };
    }
}
