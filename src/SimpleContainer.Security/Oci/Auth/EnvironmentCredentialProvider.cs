namespace SimpleContainer.Security.Oci.Auth;

/// <summary>
/// <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>_PWORD</c>, the variables the .NET SDK reads: when both are set they
/// apply to every registry and replace the Docker config entirely, as in the SDK.
/// </summary>
public sealed class EnvironmentCredentialProvider(Func<string, string?>? getVariable = null) : ICredentialProvider
{
    public const string UserVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    private readonly Func<string, string?> _getVariable = getVariable ?? Environment.GetEnvironmentVariable;

    public bool IsConfigured => !string.IsNullOrEmpty(_getVariable(UserVariable)) && !string.IsNullOrEmpty(_getVariable(PasswordVariable));

    public Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return Task.FromResult<RegistryCredential?>(null);
        }

        var user = _getVariable(UserVariable)!;
        var password = _getVariable(PasswordVariable)!;
        return Task.FromResult<RegistryCredential?>(user == RegistryCredential.TokenUser
            ? new RegistryCredential(null, null, password)
            : new RegistryCredential(user, password));
    }
}

/// <summary>The SDK's order: environment variables when set, else the Docker config.</summary>
public sealed class DefaultCredentialProvider(EnvironmentCredentialProvider environment, DockerConfigCredentialProvider dockerConfig) : ICredentialProvider
{
    public static DefaultCredentialProvider FromEnvironment() => new(new EnvironmentCredentialProvider(), DockerConfigCredentialProvider.FromEnvironment());

    public Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken) =>
        environment.IsConfigured ? environment.GetCredentialAsync(registry, cancellationToken) : dockerConfig.GetCredentialAsync(registry, cancellationToken);
}
