using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>The only code that uses MSBuild's types: loaded after <c>MSBuildLocator.RegisterDefaults</c>.</summary>
internal static class ProjectEvaluator
{
    public static IReadOnlyList<string> SolutionProjects(string solution) =>
        SolutionFile.Parse(solution).ProjectsInOrder
            .Where(p => p.ProjectType == SolutionProjectType.KnownToBeMSBuildFormat)
            .Select(p => Path.GetFullPath(p.AbsolutePath))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static EvaluatedProject Evaluate(string path, IReadOnlyDictionary<string, string> globalProperties)
    {
        using var collection = new ProjectCollection(globalProperties.ToDictionary(p => p.Key, p => p.Value));
        Project project;
        try
        {
            project = collection.LoadProject(path);
            var frameworks = project.GetPropertyValue("TargetFrameworks");
            if (project.GetPropertyValue("TargetFramework").Length == 0 && frameworks.Length > 0)
            {
                // A multi-targeted project publishes one framework: the first, as 'dotnet publish -f' would need to be told otherwise.
                var first = frameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
                project = collection.LoadProject(path, new Dictionary<string, string>(globalProperties) { ["TargetFramework"] = first }, null);
            }
        }
        catch (InvalidProjectFileException ex)
        {
            throw new ScException(DiagnosticIds.ReleaseProjectEvaluationFailed, path, ex.BaseMessage);
        }

        var assemblyName = project.GetPropertyValue("AssemblyName");
        var repository = project.GetPropertyValue("ContainerRepository");
        var tags = project.GetPropertyValue("ContainerImageTags");
        var tag = project.GetPropertyValue("ContainerImageTag");
        return new EvaluatedProject(
            Name: Path.GetFileNameWithoutExtension(path),
            Path: path,
            IsTestProject: IsTrue(project, "IsTestProject"),
            IsLibrary: string.Equals(project.GetPropertyValue("OutputType"), "Library", StringComparison.OrdinalIgnoreCase),
            IsPublishable: !string.Equals(project.GetPropertyValue("IsPublishable"), "false", StringComparison.OrdinalIgnoreCase),
            UsesWebSdk: IsTrue(project, "UsingMicrosoftNETSdkWeb"),
            UsesWorkerSdk: IsTrue(project, "UsingMicrosoftNETSdkWorker"),
            SetsEnableSdkContainerSupport: IsTrue(project, "EnableSdkContainerSupport") && !IsSdkContainersDefault(project.GetProperty("EnableSdkContainerSupport")),
            SetsContainerRepository: repository.Length > 0,
            Registry: project.GetPropertyValue("ContainerRegistry") is { Length: > 0 } registry ? registry : null,
            Repository: repository.Length > 0 ? repository : assemblyName.ToLowerInvariant(),
            Tags: (tags.Length > 0 ? tags : tag).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static bool IsTrue(Project project, string name) => string.Equals(project.GetPropertyValue(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Since .NET 8 the SDK turns container support on for every non-library project; only a value the user set counts.</summary>
    private static bool IsSdkContainersDefault(ProjectProperty? property) =>
        property?.Xml?.ContainingProject.FullPath is { } file && file.Contains("Microsoft.NET.Build.Containers", StringComparison.OrdinalIgnoreCase);
}
