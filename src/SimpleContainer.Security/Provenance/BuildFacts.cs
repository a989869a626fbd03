namespace SimpleContainer.Security.Provenance;

/// <summary>What the build knows for the provenance's parameters: the project, configuration, frameworks and SDK.</summary>
public sealed record BuildFacts
{
    public required string ProjectPath { get; init; }

    public string? Configuration { get; init; }

    public string? TargetFramework { get; init; }

    /// <summary>The runtime identifier(s) published (one per platform image of a multi-arch publish).</summary>
    public IReadOnlyList<string> RuntimeIdentifiers { get; init; } = [];

    public string? SdkVersion { get; init; }

    /// <summary>When the build started (the project's evaluation); null uses the time the image was recorded.</summary>
    public DateTimeOffset? StartedOn { get; init; }
}
