using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SimpleContainer.Security.TestSupport.Registry;

/// <summary>
/// A token service for distribution's token auth (the Docker registry v2 token protocol): GET /token with basic
/// credentials, service and scopes; answers an ES256 JWT whose x5c header carries the signer certificate the
/// registry trusts (rootcertbundle). Records the scopes asked for.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "sc-test-registry";
    public const string Issuer = "sc-test-token-issuer";

    private readonly LoopbackWebServer _server;
    private readonly ECDsa _key;

    private TokenServer(LoopbackWebServer server, ECDsa key, X509Certificate2 certificate)
    {
        _server = server;
        _key = key;
        CertificatePem = certificate.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    public Uri Realm => new(_server.BaseUri, "token");

    public ConcurrentQueue<string> ScopesRequested { get; } = new();

    public static async Task<TokenServer> StartAsync(string user, string password)
    {
        var (key, certificate) = TestCertificate.CreateSigner("sc-test-token-signer");
        TokenServer? self = null;
        var server = await LoopbackWebServer.StartAsync(app => app.MapGet("/token", (HttpContext context) => self!.Issue(context, user, password)));
        self = new TokenServer(server, key, certificate);
        self._x5c = Convert.ToBase64String(certificate.RawData);
        return self;
    }

    private string _x5c = string.Empty;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    private IResult Issue(HttpContext context, string user, string password)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var authorization = context.Request.Headers.Authorization.ToString();
        var scopes = context.Request.Query["scope"].Select(s => s ?? string.Empty).SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var scope in scopes)
        {
            ScopesRequested.Enqueue(scope);
        }

        // Anonymous requests get a token with no access, as real token services do; wrong credentials get 401.
        var anonymous = string.IsNullOrEmpty(authorization);
        if (!anonymous && authorization != expected)
        {
            return Results.Unauthorized();
        }

        var access = anonymous ? [] : scopes.Select(ParseScope).Where(a => a is not null).ToList();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new[] { _x5c } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = anonymous ? string.Empty : user,
            ["aud"] = context.Request.Query["service"].ToString(),
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var token = signingInput + "." + Base64Url(signature);
        return Results.Json(new { token, access_token = token, expires_in = 300, issued_at = DateTimeOffset.UtcNow.ToString("O") });
    }

    private static object? ParseScope(string scope)
    {
        var parts = scope.Split(':');
        if (parts.Length < 3)
        {
            return null;
        }

        var name = string.Join(':', parts[1..^1]);
        return new { type = parts[0], name, actions = parts[^1].Split(',') };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
