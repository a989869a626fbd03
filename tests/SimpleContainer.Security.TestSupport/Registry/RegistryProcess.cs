using System.Diagnostics;
using System.Text;

namespace SimpleContainer.Security.TestSupport.Registry;

/// <summary>How to run one registry instance.</summary>
public sealed record RegistryProcessOptions
{
    public bool Tls { get; init; }

    /// <summary>htpasswd (bcrypt) basic auth with this user.</summary>
    public (string User, string Password)? BasicAuth { get; init; }

    /// <summary>Distribution's token auth: realm URL, service, issuer and the PEM of the token signer's certificate.</summary>
    public (string Realm, string Service, string Issuer, string RootCertificatePem)? TokenAuth { get; init; }
}

/// <summary>
/// Debian's <c>docker-registry</c> (CNCF distribution 2.8) on a free 127.0.0.1 port, with its own storage folder,
/// optionally TLS (self-signed) and htpasswd or token auth. Disposing stops the process and deletes the folder.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private RegistryProcess(Process process, StringBuilder log, string root, int port, RegistryProcessOptions options, string? caPem)
    {
        _process = process;
        _log = log;
        Root = root;
        Port = port;
        Options = options;
        CertificatePem = caPem;
    }

    public string Root { get; }

    public int Port { get; }

    public RegistryProcessOptions Options { get; }

    /// <summary>The self-signed certificate of a TLS registry, PEM.</summary>
    public string? CertificatePem { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as users write it in image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"{(Options.Tls ? "https" : "http")}://{Host}/");

    /// <summary>Where the registry keeps blob data, to tamper with in tests of digest checks.</summary>
    public string BlobDataPath(string hex) => Path.Combine(Root, "storage", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");

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

    public static async Task<RegistryProcess> StartAsync(RegistryProcessOptions options, CancellationToken cancellationToken = default)
    {
        var executable = Prerequisites.Require("docker-registry", "apt-get install -y docker-registry");
        var root = Directory.CreateTempSubdirectory("sc-registry-").FullName;
        var port = FreePort.Next();
        var config = new StringBuilder();
        config.AppendLine("version: 0.1");
        config.AppendLine("log:\n  level: info\n  accesslog:\n    disabled: false");
        config.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {root}/storage\n  delete:\n    enabled: true");
        config.AppendLine($"http:\n  addr: 127.0.0.1:{port}");
        string? certificatePem = null;
        if (options.Tls)
        {
            var (cert, key, _) = TestCertificate.CreateServer("localhost");
            await File.WriteAllTextAsync(Path.Combine(root, "cert.pem"), cert, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "key.pem"), key, cancellationToken);
            config.AppendLine($"  tls:\n    certificate: {root}/cert.pem\n    key: {root}/key.pem");
            certificatePem = cert;
        }

        if (options.BasicAuth is { } basic)
        {
            var htpasswd = await Htpasswd.LineAsync(basic.User, basic.Password, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(root, "htpasswd"), htpasswd, cancellationToken);
            config.AppendLine($"auth:\n  htpasswd:\n    realm: sc-test\n    path: {root}/htpasswd");
        }
        else if (options.TokenAuth is { } token)
        {
            await File.WriteAllTextAsync(Path.Combine(root, "token-root.pem"), token.RootCertificatePem, cancellationToken);
            config.AppendLine($"auth:\n  token:\n    realm: {token.Realm}\n    service: {token.Service}\n    issuer: {token.Issuer}\n    rootcertbundle: {root}/token-root.pem");
        }

        var configPath = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(configPath, config.ToString(), cancellationToken);

        var log = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable, ["serve", configPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (line.Contains($"listening on 127.0.0.1:{port}", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"docker-registry exited with {process.ExitCode}:\n{log}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var registry = new RegistryProcess(process, log, root, port, options, certificatePem);
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }

        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder; the OS cleans it eventually.
        }
    }
}
