namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>Where the build's exact package data is: the project's restore output and the NuGet packages folder.</summary>
public sealed record DotNetProjectInputs
{
    /// <summary><c>$(ProjectAssetsFile)</c>: <c>obj/project.assets.json</c>.</summary>
    public required string AssetsFile { get; init; }

    /// <summary><c>$(NuGetPackageRoot)</c>, where each package's nuspec is; null leaves licenses unknown.</summary>
    public string? PackagesRoot { get; init; }

    /// <summary>The published target framework (<c>net10.0</c>); empty when the project has one.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>The published runtime identifier (<c>linux-x64</c>), if any.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary><c>$(SelfContained)</c>: the runtime packs of the project's framework references are part of the app.</summary>
    public bool SelfContained { get; init; }

    /// <summary>The inputs as MSBuild passes them (unset properties are empty strings); null without an assets file.</summary>
    public static DotNetProjectInputs? FromBuild(string? assetsFile, string? packagesRoot, string? targetFramework, string? runtimeIdentifier, bool selfContained) =>
        string.IsNullOrWhiteSpace(assetsFile) ? null : new()
        {
            AssetsFile = Path.GetFullPath(assetsFile),
            PackagesRoot = string.IsNullOrWhiteSpace(packagesRoot) ? null : packagesRoot,
            TargetFramework = targetFramework,
            RuntimeIdentifier = runtimeIdentifier,
            SelfContained = selfContained,
        };
}

/// <summary>A resolved package of one restore target: exact version, hash, dependencies, and whether the project references it.</summary>
internal sealed record AssetsPackage(string Id, string Version, string Type, string? Sha512, bool Direct, IReadOnlyList<string> Dependencies);

/// <summary>What project.assets.json says for one target: the project and its resolved packages.</summary>
internal sealed record ProjectAssets(string ProjectName, string? ProjectVersion, string Target, IReadOnlyList<AssetsPackage> Packages)
{
    /// <summary>
    /// The runtime packs restored for the project's framework references (<c>Microsoft.NETCore.App.Runtime.linux-x64</c>
    /// from <c>downloadDependencies</c>, exact version), as id and version.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> RuntimePacks { get; init; } = [];
}
