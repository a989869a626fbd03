using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.TestSupport.Dotnet;

/// <summary>
/// Runs the dotnet CLI as a user would. Node reuse and the build server are off, so every run loads the task
/// assembly it was given rather than one a previous build left in memory.
/// </summary>
public static class DotnetCli
{
    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default) =>
        RunAsync("dotnet", workingDirectory, arguments, environment, cancellationToken);

    /// <summary>Runs an installed dotnet tool (an apphost such as <c>sc</c>) with the same environment as the CLI.</summary>
    public static Task<ProcessResult> RunToolAsync(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default) =>
        RunAsync(executable, Path.GetDirectoryName(executable)!, arguments, environment, cancellationToken);

    private static async Task<ProcessResult> RunAsync(string program, string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBuildExtensionsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildSDKsPath"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return await new ToolRunner().RunAsync(
            new ProcessRequest(program, arguments) { WorkingDirectory = workingDirectory, Environment = variables, Timeout = TimeSpan.FromMinutes(8) },
            cancellationToken);
    }
}
