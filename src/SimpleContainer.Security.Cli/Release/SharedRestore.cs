using SimpleContainer.Security.Release;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// Restores every project of the release in one child <c>dotnet restore</c> (a solution of just those projects, written
/// beside the logs, with the publishes' own global properties), so that no publish restores on its own: a warm publish
/// spent about half its CPU time on its own no-op restore (measured, docs/release.md). NuGet's restore needs an
/// evaluation of its own and clears MSBuild's caches after it, which a child process gives for free.
/// </summary>
internal sealed class SharedRestore(IReadOnlyDictionary<string, string> globalProperties, string logFolder)
{
    private readonly ToolRunner tools = new();

    /// <param name="projects">The projects to restore.</param>
    /// <param name="name">The name of the solution written for them in the log folder.</param>
    /// <param name="cancellationToken">Kills the restore.</param>
    /// <returns>Null when the restore succeeded, else what it printed (its tail).</returns>
    public async Task<string?> RunAsync(IReadOnlyList<ReleaseProject> projects, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        Directory.CreateDirectory(logFolder);
        var solution = Path.Combine(logFolder, $"{name}.slnx");
        var listed = string.Concat(projects.Select(p => $"  <Project Path=\"{System.Security.SecurityElement.Escape(Path.GetRelativePath(logFolder, p.ProjectPath).Replace('\\', '/'))}\" />\n"));
        await File.WriteAllTextAsync(solution, $"<Solution>\n{listed}</Solution>\n", cancellationToken).ConfigureAwait(false);
        var arguments = new List<string> { "restore", solution, "-nodeReuse:false", "-tl:off", "-v:m" };
        arguments.AddRange(globalProperties.Select(p => $"-p:{p.Key}={p.Value}"));
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        try
        {
            var result = await tools.RunAsync(new ProcessRequest("dotnet", arguments) { Environment = variables, Timeout = TimeSpan.FromMinutes(30) }, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? null : Tail(result.StandardOutput + result.StandardError);
        }
        catch (TimeoutException ex)
        {
            return ex.Message;
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();
}
