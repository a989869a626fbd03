using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Auth;

/// <summary>
/// <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>_PWORD</c>, the variables the .NET SDK reads, bound to the one registry
/// they are for (the publish's <c>ContainerRegistry</c>, or the registry <c>sc</c> was told with
/// <c>--registry-credentials-for</c>). Unbound, they go to no registry: in CI they usually hold a push token, and
/// scanning or verifying a third-party image must not hand it to that image's registry or its token service.
/// </summary>
public sealed class EnvironmentCredentialProvider : ICredentialProvider
{
    public const string UserVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    private readonly Func<string, string?> _getVariable;

    /// <param name="getVariable">Reads the environment; the process environment by default.</param>
    /// <param name="registry">The registry (host[:port]) the credentials are for; null sends them nowhere.</param>
    public EnvironmentCredentialProvider(Func<string, string?>? getVariable = null, string? registry = null)
    {
        _getVariable = getVariable ?? Environment.GetEnvironmentVariable;
        Registry = registry is null ? null : NormalizeRegistry(registry);
    }

    /// <summary>The registry the credentials are bound to, normalised (Docker Hub's names are <c>docker.io</c>); null when unbound.</summary>
    public string? Registry { get; }

    public bool IsConfigured => !string.IsNullOrEmpty(_getVariable(UserVariable)) && !string.IsNullOrEmpty(_getVariable(PasswordVariable));

    /// <summary>True when the variables are set and bound to <paramref name="registry"/>.</summary>
    public bool AppliesTo(string registry) =>
        IsConfigured && Registry is not null && TryNormalizeRegistry(registry, out var normalized) && normalized == Registry;

    public Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken)
    {
        if (!AppliesTo(registry))
        {
            return Task.FromResult<RegistryCredential?>(null);
        }

        var user = _getVariable(UserVariable)!;
        var password = _getVariable(PasswordVariable)!;
        return Task.FromResult<RegistryCredential?>(user == RegistryCredential.TokenUser
            ? new RegistryCredential(null, null, password)
            : new RegistryCredential(user, password));
    }

    /// <summary>A registry host[:port] in the form image references use (lower case; Docker Hub's aliases are <c>docker.io</c>); <see cref="DiagnosticIds.InvalidCredentialRegistry"/> otherwise.</summary>
    public static string NormalizeRegistry(string registry) =>
        TryNormalizeRegistry(registry, out var normalized) ? normalized : throw new ScException(DiagnosticIds.InvalidCredentialRegistry, registry);

    private static bool TryNormalizeRegistry(string registry, out string normalized)
    {
        normalized = string.Empty;
        var text = registry.Trim().ToLowerInvariant();
        if (text is "docker.io" or "index.docker.io" or "registry-1.docker.io")
        {
            normalized = ImageReference.DockerHub;
            return true;
        }

        // A registry is what an image reference names before its first '/': parse one and insist the host was read as given.
        if (text.Length == 0 || text.Contains('/', StringComparison.Ordinal) || !ImageReference.TryParse(text + "/probe", out var reference) || reference.Registry != text)
        {
            return false;
        }

        normalized = text;
        return true;
    }
}

/// <summary>
/// The SDK's sources in its order: the environment variables for the registry they are bound to, else the Docker
/// config (for every other registry too).
/// </summary>
public sealed class DefaultCredentialProvider(EnvironmentCredentialProvider environment, DockerConfigCredentialProvider dockerConfig) : ICredentialProvider
{
    /// <param name="environmentCredentialsRegistry">The registry <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>_PWORD</c> are for; null sends them nowhere.</param>
    /// <param name="getVariable">Reads the environment; the process environment by default.</param>
    public static DefaultCredentialProvider FromEnvironment(string? environmentCredentialsRegistry = null, Func<string, string?>? getVariable = null) =>
        new(new EnvironmentCredentialProvider(getVariable, environmentCredentialsRegistry), DockerConfigCredentialProvider.FromEnvironment(getVariable));

    public Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken) =>
        environment.AppliesTo(registry) ? environment.GetCredentialAsync(registry, cancellationToken) : dockerConfig.GetCredentialAsync(registry, cancellationToken);
}
