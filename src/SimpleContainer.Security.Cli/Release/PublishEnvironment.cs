using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Cli.Release;

/// <summary>
/// The variables the publishes read, set in this process for the build session and put back on dispose: MSBuild gives
/// its nodes this process's environment, while the command's own view of the environment (<c>CliContext.GetVariable</c>,
/// which a host such as the tests may fill) is what the user meant. Passed on: the signing password, the registry
/// credentials, the DefectDojo key, <c>DOCKER_CONFIG</c> and <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>; and
/// <c>DOTNET_HOST_PATH</c> when unset, which <c>dotnet publish</c> always sets for its MSBuild (the compiler's host);
/// and <c>DOTNET_TieredPGO=0</c> unless the user set it.
/// </summary>
internal sealed class PublishEnvironment : IDisposable
{
    internal const string TieredPgoVariable = "DOTNET_TieredPGO";

    private static readonly string[] ContainerVariables = ["DOTNET_CONTAINER_INSECURE_REGISTRIES", "DOCKER_CONFIG"];

    private readonly Dictionary<string, string?> previous = new(StringComparer.Ordinal);

    /// <param name="getVariable">The command's view of the environment.</param>
    /// <param name="dotnetHost">The dotnet executable of the SDK whose MSBuild builds.</param>
    public PublishEnvironment(Func<string, string?> getVariable, string? dotnetHost)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        foreach (var name in ChildEnvironment.SecretVariables.Concat(ContainerVariables))
        {
            if (getVariable(name) is { } value)
            {
                Set(name, value);
            }
        }

        // The nodes live for one release, where TieredPGO's instrumented tiers cost more CPU than their better code
        // gives back (4,900 instrumented compilations in a node of a 9-image release); sc itself runs without it too.
        if (getVariable(TieredPgoVariable) is { } chosen)
        {
            Set(TieredPgoVariable, chosen);
        }
        else if (Environment.GetEnvironmentVariable(TieredPgoVariable) is null && Environment.GetEnvironmentVariable("COMPlus_TieredPGO") is null)
        {
            Set(TieredPgoVariable, "0");
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")) && dotnetHost is not null && File.Exists(dotnetHost))
        {
            Set("DOTNET_HOST_PATH", dotnetHost);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        previous.Clear();
    }

    private void Set(string name, string value)
    {
        var current = Environment.GetEnvironmentVariable(name);
        if (!string.Equals(current, value, StringComparison.Ordinal))
        {
            previous[name] = current;
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
