using SimpleContainer.Security.Sbom.Catalogers.DotNet;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The attest stage's settings: which attestations it makes and the provenance's inputs.</summary>
public sealed record AttestOptions
{
    /// <summary><c>ScSbomAttach</c>: an SBOM attestation per platform image and format (default: signing and SBOM on).</summary>
    public bool Sbom { get; init; }

    /// <summary><c>ScScanAttest</c>: the scan result as cosign's vuln predicate (default: signing and scanning on).</summary>
    public bool Scan { get; init; }

    /// <summary><c>ScProvenanceEnabled</c>: SLSA v1 provenance.</summary>
    public bool Provenance { get; init; }

    public string? BuilderId { get; init; }

    public bool IncludeEnvironment { get; init; }

    public bool IncludeMaterials { get; init; } = true;

    /// <summary><c>ScProvenanceRequired</c> (or <c>ScSbomRequired</c> with SBOM attestations): a failure fails the build.</summary>
    public bool Required { get; init; }

    public Provenance.BuildFacts? Build { get; init; }

    public DotNetProjectInputs? DotNetProject { get; init; }

    public bool Any => Sbom || Scan || Provenance;
}
