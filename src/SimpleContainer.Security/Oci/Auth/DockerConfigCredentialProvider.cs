using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Oci.Auth;

/// <summary>
/// Credentials from the Docker CLI config (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>):
/// <c>credHelpers</c> per registry, then <c>credsStore</c>, then <c>auths</c>, the order the Docker CLI uses.
/// </summary>
public sealed class DockerConfigCredentialProvider(string? configPath, ToolRunner? toolRunner = null, Func<string, string>? helperExecutable = null) : ICredentialProvider
{
    private const int MaxConfigBytes = 1024 * 1024;
    private readonly ToolRunner _toolRunner = toolRunner ?? new ToolRunner();
    private readonly Func<string, string> _helperExecutable = helperExecutable ?? (name => "docker-credential-" + name);

    public string? ConfigPath { get; } = configPath;

    public static DockerConfigCredentialProvider FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var dockerConfig = getVariable("DOCKER_CONFIG");
        var home = getVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var folder = !string.IsNullOrEmpty(dockerConfig) ? dockerConfig : Path.Combine(home, ".docker");
        return new DockerConfigCredentialProvider(Path.Combine(folder, "config.json"));
    }

    public async Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken)
    {
        var config = await ReadConfigAsync(cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }

        var root = config.RootElement;
        if (TryGetString(root, "credHelpers", registry, out var helper) || (registry == ImageReference.DockerHub && TryGetString(root, "credHelpers", "index.docker.io", out helper)))
        {
            return await FromHelperAsync(helper, registry, cancellationToken).ConfigureAwait(false);
        }

        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
        {
            return await FromHelperAsync(storeName, registry, cancellationToken).ConfigureAwait(false);
        }

        return FromAuths(root, registry);
    }

    private async Task<JsonDocument?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        if (ConfigPath is null || !File.Exists(ConfigPath))
        {
            return null;
        }

        try
        {
            var info = new FileInfo(ConfigPath);
            if (info.Length > MaxConfigBytes)
            {
                throw new ScException(DiagnosticIds.DockerConfigInvalid, ConfigPath, $"it is larger than {MaxConfigBytes} bytes");
            }

            var bytes = await File.ReadAllBytesAsync(ConfigPath, cancellationToken).ConfigureAwait(false);
            var json = bytes.AsMemory();
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                // Editors on Windows save config.json with a UTF-8 byte order mark; the Docker CLI accepts it.
                json = json[3..];
            }

            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.DockerConfigInvalid, DiagnosticSeverity.Error, ConfigPath, ex.Message), ex);
        }
        catch (IOException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.DockerConfigInvalid, DiagnosticSeverity.Error, ConfigPath, ex.Message), ex);
        }
    }

    private RegistryCredential? FromAuths(JsonElement root, string registry)
    {
        if (!root.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var entry in auths.EnumerateObject())
        {
            if (!string.Equals(NormalizeServer(entry.Name), registry, StringComparison.OrdinalIgnoreCase) || entry.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var value = entry.Value;
            var identityToken = GetString(value, "identitytoken");
            if (GetString(value, "auth") is { Length: > 0 } auth)
            {
                var decoded = DecodeAuth(auth, entry.Name);
                return new RegistryCredential(decoded.User, decoded.Password, identityToken);
            }

            if (GetString(value, "username") is { Length: > 0 } user)
            {
                return new RegistryCredential(user, GetString(value, "password") ?? string.Empty, identityToken);
            }

            if (identityToken is not null)
            {
                return new RegistryCredential(null, null, identityToken);
            }
        }

        return null;
    }

    private async Task<RegistryCredential?> FromHelperAsync(string helper, string registry, CancellationToken cancellationToken)
    {
        var serverUrl = registry == ImageReference.DockerHub ? "https://index.docker.io/v1/" : registry;
        ProcessResult result;
        try
        {
            result = await _toolRunner.RunAsync(
                new ProcessRequest(_helperExecutable(helper), ["get"]) { StandardInput = serverUrl, Timeout = TimeSpan.FromSeconds(30) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ToolNotFoundException or TimeoutException)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.CredentialHelperFailed, DiagnosticSeverity.Error, helper, registry, ex.Message), ex);
        }

        if (!result.Succeeded)
        {
            // The helper protocol answers "credentials not found" when it has nothing for this server: anonymous.
            if (result.StandardOutput.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                || result.StandardError.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new ScException(DiagnosticIds.CredentialHelperFailed, helper, registry, $"exit code {result.ExitCode}: {FirstLine(result.StandardError + result.StandardOutput)}");
        }

        try
        {
            using var answer = JsonDocument.Parse(result.StandardOutput);
            var user = GetString(answer.RootElement, "Username");
            var secret = GetString(answer.RootElement, "Secret") ?? string.Empty;
            return user == RegistryCredential.TokenUser ? new RegistryCredential(null, null, secret) : new RegistryCredential(user, secret);
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.CredentialHelperFailed, DiagnosticSeverity.Error, helper, registry, "its answer is not JSON"), ex);
        }
    }

    /// <summary>Config keys may be URLs (<c>https://index.docker.io/v1/</c>, <c>http://host:5000</c>); compare by host[:port].</summary>
    internal static string NormalizeServer(string key)
    {
        var server = key;
        var scheme = server.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            server = server[(scheme + 3)..];
        }

        var slash = server.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            server = server[..slash];
        }

        return server is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DockerHub : server;
    }

    private (string User, string Password) DecodeAuth(string auth, string entry)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException("no ':' between user and password");
            }

            return (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.DockerConfigInvalid, DiagnosticSeverity.Error, ConfigPath, $"the 'auth' of '{entry}' is not base64 of user:password ({ex.Message})"), ex);
        }
    }

    private static bool TryGetString(JsonElement root, string objectName, string key, out string value)
    {
        value = string.Empty;
        if (root.TryGetProperty(objectName, out var obj) && obj.ValueKind == JsonValueKind.Object
            && obj.TryGetProperty(key, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }

        return false;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
