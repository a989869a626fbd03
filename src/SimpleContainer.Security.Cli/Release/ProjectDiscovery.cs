using Microsoft.Build.Locator;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Release;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// Finds the projects of a solution (<c>.sln</c>/<c>.slnx</c>), a project or a folder and evaluates each with the
/// SDK's own MSBuild (found by Microsoft.Build.Locator) under the release's global properties. The MSBuild types are
/// only touched inside <see cref="ProjectEvaluator"/>, which the JIT compiles after the locator has registered.
/// </summary>
internal static class ProjectDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };
    private static readonly Lock RegistrationLock = new();

    public static (string Source, IReadOnlyList<ReleaseProject> Projects, IReadOnlyList<ExcludedProject> Excluded) Discover(
        string path, string version, IReadOnlyDictionary<string, string> globalProperties)
    {
        var full = Path.GetFullPath(path);
        EnsureMsBuildRegistered();
        var projectPaths = File.Exists(full) && IsSolution(full) ? ProjectEvaluator.SolutionProjects(full)
            : File.Exists(full) && full.EndsWith("proj", StringComparison.OrdinalIgnoreCase) ? [full]
            : Directory.Exists(full) ? FolderProjects(full)
            : throw new ScException(DiagnosticIds.ReleaseSourceNotFound, path);
        var projects = new List<ReleaseProject>();
        var excluded = new List<ExcludedProject>();
        foreach (var project in projectPaths)
        {
            var evaluated = ProjectEvaluator.Evaluate(project, globalProperties);
            if (Classify(evaluated) is { Included: true } included)
            {
                projects.Add(new ReleaseProject(evaluated.Name, project, evaluated.Registry, evaluated.Repository, TagsWithVersion(evaluated, version), included.Reason));
            }
            else
            {
                excluded.Add(new ExcludedProject(evaluated.Name, project, Classify(evaluated).Reason));
            }
        }

        return (full, projects, excluded);
    }

    /// <summary>Why a project is or is not a container service of the release; test projects and libraries are never one.</summary>
    public static (bool Included, string Reason) Classify(EvaluatedProject project)
    {
        if (project.IsTestProject)
        {
            return (false, "test project (IsTestProject=true)");
        }

        if (project.IsLibrary)
        {
            return (false, "library (OutputType=Library)");
        }

        if (!project.IsPublishable)
        {
            return (false, "not publishable (IsPublishable=false)");
        }

        if (project.UsesWebSdk)
        {
            return (true, "Microsoft.NET.Sdk.Web");
        }

        if (project.UsesWorkerSdk)
        {
            return (true, "Microsoft.NET.Sdk.Worker");
        }

        if (project.SetsEnableSdkContainerSupport)
        {
            return (true, "EnableSdkContainerSupport=true");
        }

        return project.SetsContainerRepository
            ? (true, $"ContainerRepository={project.Repository}")
            : (false, "no container support: not a Web or Worker SDK project, and sets neither EnableSdkContainerSupport nor ContainerRepository");
    }

    /// <summary>The project's own tags (the SDK's default <c>latest</c> when it sets none) and the release version.</summary>
    public static IReadOnlyList<string> TagsWithVersion(EvaluatedProject project, string version)
    {
        var own = project.Tags.Count > 0 ? project.Tags : ["latest"];
        return own.Contains(version, StringComparer.Ordinal) ? own : [.. own, version];
    }

    private static bool IsSolution(string path) =>
        path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

    private static List<string> FolderProjects(string folder)
    {
        var solutions = Directory.EnumerateFiles(folder).Where(IsSolution).ToList();
        if (solutions.Count == 1)
        {
            return [.. ProjectEvaluator.SolutionProjects(solutions[0])];
        }

        var found = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(current, "*.*proj").Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".fsproj", StringComparison.Ordinal) || f.EndsWith(".vbproj", StringComparison.Ordinal)));
            foreach (var child in Directory.EnumerateDirectories(current).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                pending.Push(child);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static void EnsureMsBuildRegistered()
    {
        lock (RegistrationLock)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                MSBuildLocator.RegisterDefaults();
            }
            catch (InvalidOperationException ex)
            {
                throw new ScException(DiagnosticIds.MsBuildNotFound, ex.Message);
            }
        }
    }
}
