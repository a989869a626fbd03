using System.Diagnostics;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>cosign 2 speaks Fulcio v1; tests/peer-tools/sigstore-mock/fulcio-v1-shim.cjs translates to the mock's v2 and proxies the rest.</summary>
internal sealed class FulcioV1Shim : IAsyncDisposable
{
    private readonly Process _process;

    private FulcioV1Shim(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<FulcioV1Shim> StartAsync(Uri target)
    {
        var process = new Process { StartInfo = new ProcessStartInfo("node", [Path.Combine(PrivateSigstore.InstallFolder, "fulcio-v1-shim.cjs"), target.ToString().TrimEnd('/')]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false } };
        process.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var port = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (!int.TryParse(port, out var number))
        {
            process.Kill(true);
            throw new InvalidOperationException($"The Fulcio v1 shim did not start: {port} {await process.StandardError.ReadToEndAsync()}");
        }

        return new FulcioV1Shim(process, new Uri($"http://127.0.0.1:{number}/"));
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
