namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>
/// A TUF repository on 127.0.0.1 made by tuf-js's @tufjs/repo-mock (tests/peer-tools/sigstore-mock/tuf-serve.cjs), whose
/// only target is a given trusted_root.json; laid out as @sigstore/tuf reads it. <see cref="RootFile"/> is its
/// root.json, the trust anchor a client starts from. Disposing stops the process.
/// </summary>
public sealed class LocalTufRepository : IAsyncDisposable
{
    private readonly LoopbackNodeServer _server;

    private LocalTufRepository(LoopbackNodeServer server, string rootFile)
    {
        _server = server;
        RootFile = rootFile;
    }

    public Uri BaseUri => _server.BaseUri;

    public string RootFile { get; }

    /// <summary>Every request the server saw, one line each (<c>GET /timestamp.json hit</c>).</summary>
    public string Log => _server.Log;

    public static async Task<LocalTufRepository> StartAsync(string trustedRootFile)
    {
        if (!Directory.Exists(Path.Combine(PrivateSigstore.InstallFolder, "node_modules", "@tufjs", "repo-mock")))
        {
            throw new InvalidOperationException($"@tufjs/repo-mock is not installed in {PrivateSigstore.InstallFolder}. Run: npm ci --prefix tests/peer-tools/sigstore-mock (tests/prerequisites.sh does).");
        }

        var rootFile = Path.Combine(Directory.CreateTempSubdirectory("sc-tuf-repo-").FullName, "root.json");
        return new LocalTufRepository(await LoopbackNodeServer.StartAsync("The TUF repository", "tuf-serve.cjs", trustedRootFile, rootFile), rootFile);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
