using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Signing;

[assembly: DoNotParallelize]

namespace SimpleContainer.Security.IntegrationTests;

/// <summary>
/// One set of registries per test run, and one private Sigstore for the keyless tests (started by the first that asks);
/// a registry or Sigstore that cannot start fails the run, it never skips.
/// </summary>
[TestClass]
public static class AssemblySetup
{
    private static readonly Lazy<Task<PackageFeed>> SharedFeed = new(() => PackageFeed.CreateAsync());
    private static readonly Lazy<Task<PrivateSigstore>> SharedSigstore = new(PrivateSigstore.StartAsync);
    private static TestRegistries? registries;

    /// <summary>The package packed once per run, for every test that consumes it.</summary>
    public static Task<PackageFeed> FeedAsync() => SharedFeed.Value;

    /// <summary>The private Sigstore (mock Fulcio, Rekor, TSA, CT log) every keyless test signs against.</summary>
    public static Task<PrivateSigstore> SigstoreAsync() => SharedSigstore.Value;

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

        if (SharedSigstore.IsValueCreated)
        {
            await (await SharedSigstore.Value).DisposeAsync();
        }
    }
}
