using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Catalogers.OsRelease;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Sbom.Catalogers;

/// <summary>What a cataloger works from: the selected files matching its patterns, and the image's OS release if known.</summary>
public sealed record CatalogContext(IReadOnlyList<ImageFile> Files, LinuxRelease? Release);

/// <summary>What a cataloger found, and what it could not read.</summary>
public sealed record CatalogResult(IReadOnlyList<CatalogedPackage> Packages, IReadOnlyList<ScDiagnostic> Diagnostics)
{
    /// <summary>Set by the cataloger that identifies the operating system.</summary>
    public LinuxRelease? Release { get; init; }
}
