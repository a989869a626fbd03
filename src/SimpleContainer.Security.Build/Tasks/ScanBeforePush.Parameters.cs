using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The parameters of the scan before the push: what the SDK's container targets resolved before CreateNewImage (the
/// base image, the runtime identifier, the publish folder), the settings the user set, and the build's restore output.
/// </summary>
public sealed partial class ScanBeforePush
{
    public string? ContainerRegistry { get; set; }

    [Required]
    public string ContainerRepository { get; set; } = string.Empty;

    public ITaskItem[] ContainerImageTags { get; set; } = [];

    public string? ContainerBaseRegistry { get; set; }

    public string? ContainerBaseName { get; set; }

    public string? ContainerBaseTag { get; set; }

    public string? ContainerBaseDigest { get; set; }

    /// <summary>ContainerRuntimeIdentifier: the platform the image is built for.</summary>
    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>PublishDir: what the SDK puts in the app layer.</summary>
    [Required]
    public string PublishDirectory { get; set; } = string.Empty;

    public string? ContainerWorkingDirectory { get; set; }
}
