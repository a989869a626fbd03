using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Dotnet;

[assembly: DoNotParallelize]

namespace SimpleContainer.Security.IntegrationTests;

/// <summary>One set of registries per test run; a registry that cannot start fails the run, it never skips.</summary>
[TestClass]
public static class AssemblySetup
{
    private static readonly Lazy<Task<PackageFeed>> SharedFeed = new(() => PackageFeed.CreateAsync());
    private static TestRegistries? registries;

    /// <summary>The package packed once per run, for every test that consumes it.</summary>
    public static Task<PackageFeed> FeedAsync() => SharedFeed.Value;

    public static TestRegistries Registries => registries ?? throw new InvalidOperationException("The test registries were not started.");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context) => registries = await TestRegistries.StartAsync(context.CancellationToken);

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (registries is not null)
        {
            await registries.DisposeAsync();
        }
    }
}
