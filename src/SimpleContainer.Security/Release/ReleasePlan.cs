namespace SimpleContainer.Security.Release;

/// <summary>A project the release publishes: its image and why it counts as a container service.</summary>
/// <param name="Tags">The image tags the publish pushes: the project's own (<c>ContainerImageTags</c>/<c>ContainerImageTag</c>) and the release version.</param>
/// <param name="Reason">What makes it container-publishable (the Web or Worker SDK, <c>EnableSdkContainerSupport</c>, <c>ContainerRepository</c>).</param>
public sealed record ReleaseProject(string Name, string ProjectPath, string? Registry, string Repository, IReadOnlyList<string> Tags, string Reason);

/// <summary>A project of the solution or folder that the release leaves out, and why.</summary>
public sealed record ExcludedProject(string Name, string ProjectPath, string Reason);

/// <summary>What <c>sc release create</c> will do: evaluated before anything is built, and all that <c>--preview</c> prints.</summary>
public sealed record ReleasePlan(
    string Stack,
    string Environment,
    string Version,
    string Source,
    IReadOnlyList<ReleaseProject> Projects,
    IReadOnlyList<ExcludedProject> Excluded,
    int Parallelism,
    bool FailFast)
{
    /// <summary>The stages each image goes through, in order: the publish's own MSBuild hook runs the last four.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["build", "sbom", "scan", "sign", "attest"];
}
