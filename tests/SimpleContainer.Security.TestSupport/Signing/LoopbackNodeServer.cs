using System.Diagnostics;
using System.Text;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>
/// A node script of tests/peer-tools/sigstore-mock serving on 127.0.0.1: started with its arguments, it prints its base
/// URL as its first line of standard output; what it writes to standard error (a line per request) is kept as
/// <see cref="Log"/>. Disposing kills it.
/// </summary>
internal sealed class LoopbackNodeServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private LoopbackNodeServer(Process process, StringBuilder log, Uri baseUri)
    {
        _process = process;
        _log = log;
        BaseUri = baseUri;
    }

    /// <summary>The script's URL, with a trailing slash.</summary>
    public Uri BaseUri { get; }

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

    /// <param name="what">What the script serves, for the error when it does not start.</param>
    /// <param name="script">The script's file name in <see cref="PrivateSigstore.InstallFolder"/>.</param>
    /// <param name="arguments">Its arguments.</param>
    public static async Task<LoopbackNodeServer> StartAsync(string what, string script, params string[] arguments)
    {
        var log = new StringBuilder();
        var process = new Process { StartInfo = new ProcessStartInfo("node", [Path.Combine(PrivateSigstore.InstallFolder, script), .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            process.Kill(true);
            throw new InvalidOperationException($"{what} did not start: {line} {log}");
        }

        return new LoopbackNodeServer(process, log, new Uri(line + "/"));
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
