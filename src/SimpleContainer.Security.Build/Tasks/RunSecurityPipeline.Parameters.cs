using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The pipeline task's parameters: what PublishContainer produced (recorded in <c>sc-security/image.json</c>), the
/// settings the user set (empty is unset; defaults live in the core), the build's restore output and the annotations.
/// </summary>
public sealed partial class RunSecurityPipeline
{
    /// <summary>ScSigningAnnotation items: the item is the key, metadata Value the value.</summary>
    public ITaskItem[] Annotations { get; set; } = [];

    /// <summary>For the provenance: <c>$(Configuration)</c>, <c>$(RuntimeIdentifiers)</c>, <c>$(NETCoreSdkVersion)</c> and when the build was evaluated.</summary>
    public string? Configuration { get; set; }

    public string? RuntimeIdentifiers { get; set; }

    public string? SdkVersion { get; set; }

    public string? BuildStartedOn { get; set; }

    public string? ContainerRegistry { get; set; }

    [Required]
    public string ContainerRepository { get; set; } = string.Empty;

    public ITaskItem[] ContainerImageTags { get; set; } = [];

    public string? GeneratedContainerDigest { get; set; }

    public string? GeneratedContainerMediaType { get; set; }

    public string? GeneratedContainerManifest { get; set; }

    public string? GeneratedContainerConfiguration { get; set; }

    public string? GeneratedImageIndex { get; set; }

    public string? GeneratedArchiveOutputPath { get; set; }

    /// <summary>The <c>GeneratedContainer</c> items, with metadata ManifestDigest, ManifestMediaType, Manifest, Configuration.</summary>
    public ITaskItem[] GeneratedContainers { get; set; } = [];

    public string? ContainerBaseImage { get; set; }

    public string? ContainerBaseRegistry { get; set; }

    public string? ContainerBaseName { get; set; }

    public string? ContainerBaseTag { get; set; }

    public string? ContainerBaseDigest { get; set; }

    [Output]
    public string ImageRecordPath { get; set; } = string.Empty;

    /// <summary>Each stage's outcome (<c>sbom=Succeeded;scan=Failed;…</c>), for users' targets that run after.</summary>
    [Output]
    public string StageOutcomes { get; set; } = string.Empty;

    /// <summary>The digest every later stage works on (the index for multi-arch).</summary>
    [Output]
    public string ImageDigest { get; set; } = string.Empty;

    [Output]
    public ITaskItem[] Artifacts { get; set; } = [];
}
