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

    public const string ToolPackageId = "SimpleContainer.Security.Cli";

    public string Folder { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(Folder, $"{PackageId}.{Version}.nupkg");

    public string ToolPackagePath => Path.Combine(Folder, $"{ToolPackageId}.{Version}.nupkg");

    public static async Task<PackageFeed> CreateAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("sc-feed-").FullName;
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        var project = Path.Combine(RepositoryLayout.Root, "src", "SimpleContainer.Security.Build", "SimpleContainer.Security.Build.csproj");
        await PackAsync(project, folder, version, cancellationToken);
        return new PackageFeed(folder, version);
    }

    /// <summary>Packs the sc tool into the same feed with the same version, as a release would; only the tests that install the tool pay for it.</summary>
    public Task PackToolAsync(CancellationToken cancellationToken = default) =>
        PackAsync(Path.Combine(RepositoryLayout.Root, "src", "SimpleContainer.Security.Cli", "SimpleContainer.Security.Cli.csproj"), Folder, Version, cancellationToken);

    // Packed from outside the repository, as a newcomer following the README from anywhere would.
    private static async Task PackAsync(string project, string folder, string version, CancellationToken cancellationToken)
    {
        var result = await DotnetCli.RunAsync(folder, ["pack", project, "-c", "Release", "-o", folder, $"-p:Version={version}"], cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"dotnet pack of {Path.GetFileName(project)} failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }
    }
}
