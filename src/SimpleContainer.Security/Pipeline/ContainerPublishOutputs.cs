namespace SimpleContainer.Security.Pipeline;

/// <summary>What the SDK's <c>PublishContainer</c> exposed, as plain values (the MSBuild task maps properties and items here).</summary>
public sealed record ContainerPublishOutputs
{
    public required string ProjectPath { get; init; }

    public string? Registry { get; init; }

    public required string Repository { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>GeneratedContainerDigest</c> (single-RID builds).</summary>
    public string? Digest { get; init; }

    /// <summary><c>GeneratedContainerMediaType</c>.</summary>
    public string? MediaType { get; init; }

    /// <summary><c>GeneratedContainerManifest</c>: the manifest JSON exactly as pushed.</summary>
    public string? Manifest { get; init; }

    /// <summary><c>GeneratedContainerConfiguration</c>: the image config JSON.</summary>
    public string? Configuration { get; init; }

    /// <summary><c>GeneratedImageIndex</c> (multi-RID builds): the index JSON exactly as pushed.</summary>
    public string? ImageIndex { get; init; }

    /// <summary><c>GeneratedArchiveOutputPath</c> (archive mode).</summary>
    public string? ArchiveOutputPath { get; init; }

    /// <summary>The <c>GeneratedContainer</c> items: one per platform image.</summary>
    public IReadOnlyList<GeneratedContainerItem> Containers { get; init; } = [];

    public string? BaseImage { get; init; }

    public string? BaseRegistry { get; init; }

    public string? BaseName { get; init; }

    public string? BaseTag { get; init; }

    public string? BaseDigest { get; init; }
}

/// <summary>One <c>GeneratedContainer</c> item's metadata.</summary>
public sealed record GeneratedContainerItem(string? ManifestDigest, string? ManifestMediaType, string? Manifest, string? Configuration);
