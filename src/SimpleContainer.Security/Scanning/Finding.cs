namespace SimpleContainer.Security.Scanning;

/// <summary>
/// One vulnerability in one installed package: the unit of the report and of the policy. Findings from several
/// records or tools that share an id or alias for the same package and version are merged into one, keeping every
/// alias and every tool that found it.
/// </summary>
public sealed record Finding
{
    /// <summary>The preferred id: a CVE when one is known, else the record's own id (GHSA, DSA, ALSA, …).</summary>
    public required string VulnerabilityId { get; init; }

    /// <summary>Every other id of the same vulnerability (CVE, GHSA, distro ids), sorted, without <see cref="VulnerabilityId"/>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public required ScanPackage Package { get; init; }

    /// <summary>The lowest version that fixes it, in the package's own version scheme; null when no fix is known.</summary>
    public string? FixedVersion { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>Where the severity came from: <c>record</c> (the advisory's own rating), <c>cvss</c> (computed), <c>tool</c>, <c>unknown</c>.</summary>
    public string SeveritySource { get; init; } = "unknown";

    /// <summary>The CVSS base score, when a vector was given or computed.</summary>
    public double? CvssScore { get; init; }

    public string? CvssVector { get; init; }

    public string? Title { get; init; }

    /// <summary>The advisory's web page (GHSA, NVD, the distro tracker).</summary>
    public string? Url { get; init; }

    /// <summary>The scanners that reported it: <c>builtin</c>, <c>grype</c>, <c>trivy</c>.</summary>
    public IReadOnlyList<string> FoundBy { get; init; } = [];

    /// <summary>The platform of a multi-arch image the package was found in; null for a single image.</summary>
    public string? Platform { get; init; }

    /// <summary>Every id this finding is known by: the id and its aliases.</summary>
    public IEnumerable<string> AllIds => Aliases.Prepend(VulnerabilityId);
}
