using System.Diagnostics;
using System.Text;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>
/// A TUF repository on 127.0.0.1 made by tuf-js's @tufjs/repo-mock (tests/peer-tools/sigstore-mock/tuf-serve.cjs), whose
/// only target is a given trusted_root.json; laid out as @sigstore/tuf reads it. <see cref="RootFile"/> is its
/// root.json, the trust anchor a client starts from. Disposing stops the process.
/// </summary>
public sealed class LocalTufRepository : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private LocalTufRepository(Process process, StringBuilder log, string rootFile, Uri baseUri)
    {
        _process = process;
        _log = log;
        RootFile = rootFile;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string RootFile { get; }

    /// <summary>Every request the server saw, one line each (<c>GET /timestamp.json hit</c>).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<LocalTufRepository> StartAsync(string trustedRootFile)
    {
        if (!Directory.Exists(Path.Combine(PrivateSigstore.InstallFolder, "node_modules", "@tufjs", "repo-mock")))
        {
            throw new InvalidOperationException($"@tufjs/repo-mock is not installed in {PrivateSigstore.InstallFolder}. Run: npm ci --prefix tests/peer-tools/sigstore-mock (tests/prerequisites.sh does).");
        }

        var rootFile = Path.Combine(Directory.CreateTempSubdirectory("sc-tuf-repo-").FullName, "root.json");
        var log = new StringBuilder();
        var process = new Process { StartInfo = new ProcessStartInfo("node", [Path.Combine(PrivateSigstore.InstallFolder, "tuf-serve.cjs"), trustedRootFile, rootFile]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            process.Kill(true);
            throw new InvalidOperationException($"The TUF repository did not start: {line} {log}");
        }

        return new LocalTufRepository(process, log, rootFile, new Uri(line + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
