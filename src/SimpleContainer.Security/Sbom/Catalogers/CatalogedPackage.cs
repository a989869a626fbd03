using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Catalogers;

/// <summary>A package a cataloger found, with where it was found.</summary>
public sealed record CatalogedPackage
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    public ComponentType Type { get; init; } = ComponentType.Library;

    public Purl? Purl { get; init; }

    /// <summary>Hashes of the package's content as its database records them (a NuGet package's SHA-512).</summary>
    public IReadOnlyList<SbomHash> Hashes { get; init; } = [];

    /// <summary>The declared license as the package database states it (an SPDX expression or free text).</summary>
    public string? License { get; init; }

    /// <summary>Who distributes the package, as the database names them (for example <c>Name &lt;email&gt;</c>).</summary>
    public string? Supplier { get; init; }

    public string? Description { get; init; }

    public string? Homepage { get; init; }

    /// <summary>Ecosystem-specific facts, for example <c>sc:dpkg:source</c>.</summary>
    public IReadOnlyList<SbomProperty> Properties { get; init; } = [];

    /// <summary>Packages of the same cataloger this one depends on.</summary>
    public IReadOnlyList<Purl> DependsOn { get; init; } = [];

    public required string Cataloger { get; init; }

    /// <summary>The layer the package was found in; null for packages known from the build (project.assets.json).</summary>
    public required Digest? LayerDigest { get; init; }

    public required string Path { get; init; }
}
