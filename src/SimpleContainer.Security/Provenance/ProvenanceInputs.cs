using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Provenance;

/// <summary>A file the build produced beside the image (the SBOM, the scan report), named in <c>byproducts</c>.</summary>
public sealed record Byproduct(string Name, string Sha256, string? MediaType);

/// <summary>A NuGet package the build resolved: name, version and the SHA-512 from project.assets.json (hex).</summary>
public sealed record ResolvedPackage(string Name, string Version, string? Sha512Hex);

/// <summary>Everything one provenance statement is made from; CLI overrides win over what was detected.</summary>
public sealed record ProvenanceInputs
{
    public required ImageRecord Record { get; init; }

    public BuildFacts? Build { get; init; }

    public required CiEnvironment Ci { get; init; }

    public GitFacts? Git { get; init; }

    public IReadOnlyList<ResolvedPackage> Packages { get; init; } = [];

    public IReadOnlyList<Byproduct> Byproducts { get; init; } = [];

    /// <summary><c>ScProvenanceBuilderId</c> / <c>--builder-id</c>: replaces the detected builder id.</summary>
    public string? BuilderId { get; init; }

    public string? SourceRepository { get; init; }

    public string? Commit { get; init; }

    public string? WorkflowName { get; init; }

    public bool IncludeEnvironment { get; init; }

    public DateTimeOffset StartedOn { get; init; }

    public DateTimeOffset FinishedOn { get; init; }
}
