using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.TestSupport.Signing;

/// <summary>
/// A private Sigstore on 127.0.0.1: Sigstore's own @sigstore/mock Fulcio v2, Rekor v1 and TSA served by
/// tests/peer-tools/sigstore-mock/serve.mjs (installed by tests/prerequisites.sh). Its trusted_root.json and keys are
/// written to <see cref="Folder"/>. Disposing stops the process. A missing install fails the test with how to fix it.
/// </summary>
public sealed class PrivateSigstore : IAsyncDisposable
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    public const string WorkflowIdentity = "https://github.com/sc/demo/.github/workflows/release.yml@refs/heads/main";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private PrivateSigstore(Process process, StringBuilder log, string folder, Uri baseUri)
    {
        _process = process;
        _log = log;
        Folder = folder;
        BaseUri = baseUri;
    }

    public static string InstallFolder => Path.Combine(RepositoryLayout.Root, "tests", "peer-tools", "sigstore-mock");

    public string Folder { get; }

    /// <summary>Fulcio, Rekor and the TSA all answer here (with a trailing slash).</summary>
    public Uri BaseUri { get; }

    public string TrustedRoot => Path.Combine(Folder, "trusted_root.json");

    public string CaRootPem => Path.Combine(Folder, "ca-root.pem");

    public string TlogPublicKey => Path.Combine(Folder, "tlog.pub.pem");

    public string CtlogPublicKey => Path.Combine(Folder, "ctlog.pub.pem");

    public string Log => _log.ToString();

    public static async Task<PrivateSigstore> StartAsync()
    {
        if (!Directory.Exists(Path.Combine(InstallFolder, "node_modules", "@sigstore", "mock")))
        {
            throw new InvalidOperationException($"@sigstore/mock is not installed in {InstallFolder}. Run: bash tests/prerequisites.sh (or npm ci --prefix tests/peer-tools/sigstore-mock).");
        }

        var folder = Directory.CreateTempSubdirectory("sc-sigstore-").FullName;
        var log = new StringBuilder();
        var process = new Process { StartInfo = new ProcessStartInfo("node", [Path.Combine(InstallFolder, "serve.mjs"), folder]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            process.Kill(true);
            throw new InvalidOperationException($"The private Sigstore did not start: {line} {log}");
        }

        return new PrivateSigstore(process, log, folder, new Uri(line + "/"));
    }

    /// <summary>An unsigned JWT (the mock does not check signatures) with GitHub Actions' issuer and a workflow identity.</summary>
    public static string Token(string issuer = GitHubIssuer, string subject = WorkflowIdentity, string? email = null)
    {
        static string Encode(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object> { ["iss"] = issuer, ["sub"] = subject, ["aud"] = "sigstore", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600 };
        if (email is not null)
        {
            claims["email"] = email;
            claims["email_verified"] = true;
        }

        return Encode(new { alg = "RS256", typ = "JWT" }) + "." + Encode(claims) + ".c2ln";
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
