namespace SimpleContainer.Security.Cli.Release;

/// <summary>What discovery needs of one evaluated project.</summary>
internal sealed record EvaluatedProject(
    string Name,
    string Path,
    bool IsTestProject,
    bool IsLibrary,
    bool IsPublishable,
    bool UsesWebSdk,
    bool UsesWorkerSdk,
    bool SetsEnableSdkContainerSupport,
    bool SetsContainerRepository,
    string? Registry,
    string Repository,
    IReadOnlyList<string> Tags);
