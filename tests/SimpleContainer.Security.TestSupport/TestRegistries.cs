using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Registry;

namespace SimpleContainer.Security.TestSupport;

/// <summary>
/// The registries of one test run, started once and shared by every test: a plain-http registry seeded with the
/// fixture images, a TLS registry with htpasswd basic auth, and a registry using token auth with its token server.
/// </summary>
public sealed class TestRegistries : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "s3cret-for-tests";

    private TestRegistries(RegistryProcess plain, RegistryProcess secure, RegistryProcess tokenRegistry, TokenServer tokenServer, FixtureImageSet images)
    {
        Plain = plain;
        Secure = secure;
        TokenRegistry = tokenRegistry;
        TokenServer = tokenServer;
        Images = images;
    }

    public RegistryProcess Plain { get; }

    public RegistryProcess Secure { get; }

    public RegistryProcess TokenRegistry { get; }

    public TokenServer TokenServer { get; }

    public FixtureImageSet Images { get; }

    public static async Task<TestRegistries> StartAsync(CancellationToken cancellationToken = default)
    {
        var plainTask = RegistryProcess.StartAsync(new RegistryProcessOptions(), cancellationToken);
        var secureTask = RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = true, BasicAuth = (User, Password) }, cancellationToken);
        var tokenServer = await TokenServer.StartAsync(User, Password);
        var tokenRegistryTask = RegistryProcess.StartAsync(
            new RegistryProcessOptions { TokenAuth = (tokenServer.Realm.ToString(), TokenServer.Service, TokenServer.Issuer, tokenServer.CertificatePem) },
            cancellationToken);
        var plain = await plainTask;
        var secure = await secureTask;
        var tokenRegistry = await tokenRegistryTask;

        using var client = PlainClient(plain);
        var images = await FixtureImages.SeedAsync(client, plain.Host, cancellationToken);
        return new TestRegistries(plain, secure, tokenRegistry, tokenServer, images);
    }

    /// <summary>A client for the plain registry: anonymous, with 127.0.0.1:PORT allowed over http.</summary>
    public RegistryClient CreatePlainClient() => PlainClient(Plain);

    /// <summary>A client with fixed credentials for every registry, and every test registry allowed as insecure.</summary>
    public RegistryClient CreateClient(RegistryCredential? credential, int chunkSize = 8 * 1024 * 1024) => new(new RegistryClientOptions
    {
        Credentials = new FixedCredentials(credential),
        Transport = new RegistryTransportPolicy([Plain.Host, Secure.Host, TokenRegistry.Host]),
        ChunkSize = chunkSize,
    });

    public async ValueTask DisposeAsync()
    {
        await Plain.DisposeAsync();
        await Secure.DisposeAsync();
        await TokenRegistry.DisposeAsync();
        await TokenServer.DisposeAsync();
    }

    private static RegistryClient PlainClient(RegistryProcess plain) => new(new RegistryClientOptions
    {
        Credentials = new FixedCredentials(null),
        Transport = new RegistryTransportPolicy([plain.Host]),
    });

    /// <summary>The same credential for every registry (or none).</summary>
    public sealed class FixedCredentials(RegistryCredential? credential) : ICredentialProvider
    {
        public Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken) => Task.FromResult(credential);
    }
}
