using System.Text.Json;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;
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

    private readonly LoopbackNodeServer _server;

    private PrivateSigstore(LoopbackNodeServer server, string folder)
    {
        _server = server;
        Folder = folder;
    }

    public static string InstallFolder => Path.Combine(RepositoryLayout.Root, "tests", "peer-tools", "sigstore-mock");

    public string Folder { get; }

    /// <summary>Fulcio, Rekor and the TSA all answer here (with a trailing slash).</summary>
    public Uri BaseUri => _server.BaseUri;

    public string TrustedRoot => Path.Combine(Folder, "trusted_root.json");

    public string CaRootPem => Path.Combine(Folder, "ca-root.pem");

    public string TlogPublicKey => Path.Combine(Folder, "tlog.pub.pem");

    public string CtlogPublicKey => Path.Combine(Folder, "ctlog.pub.pem");

    public string Log => _server.Log;

    /// <summary>The TSA's RFC 3161 endpoint.</summary>
    public Uri TimestampUrl => new(BaseUri, "api/v1/timestamp");

    /// <summary>This Sigstore's Fulcio and Rekor, and its TSA when <paramref name="timestamped"/>, as keyless signing is told them.</summary>
    public KeylessOptions Services(bool timestamped = false) => new() { FulcioUrl = BaseUri, RekorUrl = BaseUri, TimestampUrl = timestamped ? TimestampUrl : null };

    /// <summary>A signer holding a certificate from this Fulcio for <see cref="Token"/>'s workflow identity.</summary>
    public Task<KeylessSigner> SignerAsync() => KeylessSigner.CreateAsync(OidcToken.Parse(Token(), "test"), Services(), default);

    public static async Task<PrivateSigstore> StartAsync()
    {
        if (!Directory.Exists(Path.Combine(InstallFolder, "node_modules", "@sigstore", "mock")))
        {
            throw new InvalidOperationException($"@sigstore/mock is not installed in {InstallFolder}. Run: bash tests/prerequisites.sh (or npm ci --prefix tests/peer-tools/sigstore-mock).");
        }

        var folder = Directory.CreateTempSubdirectory("sc-sigstore-").FullName;
        return new PrivateSigstore(await LoopbackNodeServer.StartAsync("The private Sigstore", "serve.mjs", folder), folder);
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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
