namespace SimpleContainer.Security.TestSupport.Dotnet;

/// <summary>A throw-away console app that consumes the packed package by PackageReference from the local feed.</summary>
public sealed class SampleApp
{
    private SampleApp(string directory) => Directory = directory;

    public string Directory { get; }

    public string ProjectPath => Path.Combine(Directory, "App.csproj");

    public string SecurityFolder(string configuration = "Release", string? runtimeIdentifier = null) =>
        Path.Combine(Directory, "obj", configuration, "net10.0", runtimeIdentifier ?? string.Empty, "sc-security");

    public static SampleApp Create(PackageFeed feed, string name) => Create(feed, name, []);

    /// <summary>
    /// The same app with more <c>PackageReference</c>s (id and exact version), restored from nuget.org; with
    /// <paramref name="auditSource"/>, its nuget.config names that NuGet source (plain http allowed) as its only audit source.
    /// </summary>
    public static SampleApp Create(PackageFeed feed, string name, IReadOnlyList<KeyValuePair<string, string>> packageReferences, Uri? auditSource = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(packageReferences);
        var extra = string.Concat(packageReferences.Select(p => $"\n    <PackageReference Include=\"{p.Key}\" Version=\"{p.Value}\" />"));
        var directory = System.IO.Directory.CreateTempSubdirectory($"sc-app-{name}-").FullName;
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <!-- linux-arm64 runtime and apphost packs are not on this machine's NuGet: multi-RID publishes stay framework-dependent. -->
                <UseAppHost>false</UseAppHost>
                <SelfContained>false</SelfContained>
                <EnableRuntimePackDownload>false</EnableRuntimePackDownload>
                <EnableAppHostPackDownload>false</EnableAppHostPackDownload>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFeed.PackageId}" Version="{feed.Version}" />{extra}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "Console.WriteLine(\"hello from a secured container\");\n");
        var audit = auditSource is null ? string.Empty : $"""

              <auditSources>
                <clear />
                <add key="audit" value="{auditSource}" allowInsecureConnections="true" />
              </auditSources>
            """;
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>{audit}
            </configuration>
            """);
        return new SampleApp(directory);
    }
}
