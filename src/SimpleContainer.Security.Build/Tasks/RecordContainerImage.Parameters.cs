using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>Records the image that PublishContainer produced in <c>sc-security/image.json</c>.</summary>
public sealed partial class RecordContainerImage
{
    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    [Required]
    public string IntermediateOutputPath { get; set; } = string.Empty;

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

    /// <summary>The digest every later stage works on (the index for multi-arch).</summary>
    [Output]
    public string ImageDigest { get; set; } = string.Empty;

    [Output]
    public ITaskItem[] Artifacts { get; set; } = [];
}
