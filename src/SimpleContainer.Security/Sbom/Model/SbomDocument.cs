using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Model;

/// <summary>A component of the SBOM: a package, the operating system, or the image itself.</summary>
public sealed record SbomComponent
{
    /// <summary>Unique in the document: the purl when there is one.</summary>
    public required string BomRef { get; init; }

    public required ComponentType Type { get; init; }

    public required string Name { get; init; }

    public string? Version { get; init; }

    public Purl? Purl { get; init; }

    public string? Supplier { get; init; }

    public string? Description { get; init; }

    public string? Homepage { get; init; }

    public IReadOnlyList<SbomHash> Hashes { get; init; } = [];

    public IReadOnlyList<SbomLicense> Licenses { get; init; } = [];

    public IReadOnlyList<SbomProperty> Properties { get; init; } = [];
}

/// <summary>The image the SBOM describes.</summary>
public sealed record SbomSubject
{
    /// <summary>The repository, with its registry: <c>localhost:5000/team/app</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The manifest digest; the subject's version.</summary>
    public required Digest Digest { get; init; }

    /// <summary><c>registry/repository@digest</c>: how documents and messages name the image.</summary>
    public string Display => $"{Name}@{Digest}";

    public string? Tag { get; init; }

    public Purl Purl => Purl.Oci(Name, Digest, Tag);

    public SbomComponent ToComponent() => new()
    {
        BomRef = Purl.ToString(),
        Type = ComponentType.Container,
        Name = Name,
        Version = Digest.ToString(),
        Purl = Purl,
        Hashes = Digest.Algorithm switch
        {
            "sha256" => [new SbomHash(SbomHash.Sha256, Digest.Hex)],
            "sha512" => [new SbomHash(SbomHash.Sha512, Digest.Hex)],
            _ => [],
        },
    };
}

/// <summary>The tool that made the SBOM.</summary>
public sealed record SbomCreatorTool(string Vendor, string Name, string Version);

/// <summary><paramref name="Ref"/> depends on each of <paramref name="DependsOn"/> (bom-refs).</summary>
public sealed record SbomDependency(string Ref, IReadOnlyList<string> DependsOn);

/// <summary>An SBOM independent of its format. Components are merged by purl and sorted, so the writers are deterministic.</summary>
public sealed record SbomDocument
{
    public required SbomSubject Subject { get; init; }

    public required IReadOnlyList<SbomCreatorTool> Tools { get; init; }

    public required IReadOnlyList<SbomComponent> Components { get; init; }

    public required IReadOnlyList<SbomDependency> Dependencies { get; init; }

    /// <summary>When the document was made (CycloneDX <c>metadata.timestamp</c>, SPDX <c>creationInfo.created</c>).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>The document's unique id (CycloneDX <c>serialNumber</c>, the end of the SPDX <c>documentNamespace</c>).</summary>
    public required Guid SerialNumber { get; init; }
}
