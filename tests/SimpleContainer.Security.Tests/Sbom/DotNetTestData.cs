namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>Files under <c>Sbom/testdata/</c>, copied next to the test assembly (see testdata/README.md).</summary>
internal static class DotNetTestData
{
    /// <summary>The eleven NuGet packages PackagesApp resolves (five direct, six transitive), as <c>name@version</c>.</summary>
    public static readonly string[] Packages =
    [
        "Microsoft.Extensions.DependencyInjection@10.0.0",
        "Microsoft.Extensions.DependencyInjection.Abstractions@10.0.0",
        "Microsoft.Extensions.Logging@10.0.0",
        "Microsoft.Extensions.Logging.Abstractions@10.0.0",
        "Microsoft.Extensions.Options@10.0.0",
        "Microsoft.Extensions.Primitives@10.0.0",
        "Newtonsoft.Json@13.0.3",
        "NuGet.Versioning@8.0.0",
        "Polly@8.5.2",
        "Polly.Core@8.5.2",
        "YamlDotNet@16.3.0",
    ];

    /// <summary>Newtonsoft.Json 13.0.3's sha512 from nuget.org, as hex.</summary>
    public static string NewtonsoftSha512Hex => Convert.ToHexStringLower(Convert.FromBase64String("HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="));

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Sbom", "testdata", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
