namespace SimpleContainer.Security.TestSupport.Dotnet;

/// <summary>
/// Packs SimpleContainer.Security.Build into a local folder feed once per test run, with a version of its own, so
/// NuGet's global cache (which never refreshes a version it holds) cannot serve an older build.
/// </summary>
public sealed class PackageFeed
{
    private PackageFeed(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    public const string PackageId = "SimpleContainer.Security.Build";

    public string Folder { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(Folder, $"{PackageId}.{Version}.nupkg");

    public static async Task<PackageFeed> CreateAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("sc-feed-").FullName;
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        var project = Path.Combine(RepositoryLayout.Root, "src", "SimpleContainer.Security.Build", "SimpleContainer.Security.Build.csproj");
        var result = await DotnetCli.RunAsync(RepositoryLayout.Root, ["pack", project, "-c", "Release", "-o", folder, $"-p:Version={version}"], cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"dotnet pack failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }

        return new PackageFeed(folder, version);
    }
}
