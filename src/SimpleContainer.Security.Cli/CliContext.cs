using System.CommandLine;
using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Cli;

/// <summary>What every command gets: where to write, how to read the environment, how to reach registries.</summary>
/// <param name="createClient">Makes a registry client whose environment credentials are bound to the given registry (null: to none).</param>
public sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> getVariable, Func<string?, RegistryClient> createClient)
{
    /// <summary>A context whose clients ignore <see cref="RegistryCredentialsFor"/> (tests with fixed credentials).</summary>
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> getVariable, Func<RegistryClient> createClient)
        : this(output, error, getVariable, _ => createClient())
    {
    }

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Func<string, string?> GetVariable { get; } = getVariable;

    /// <summary>
    /// <c>--registry-credentials-for host[:port]</c> on the commands that talk to registries: the one registry
    /// <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>_PWORD</c> are sent to. Without it they are sent to none.
    /// </summary>
    public Option<string?> RegistryCredentialsFor { get; } = new("--registry-credentials-for")
    {
        Description = "The registry (host[:port]) DOTNET_CONTAINER_REGISTRY_UNAME/_PWORD are for; without it they are sent to no registry (the Docker config still applies).",
        HelpName = "host[:port]",
    };

    public RegistryClient CreateClient(ParseResult result) =>
        createClient(result.GetValue(RegistryCredentialsFor) is { Length: > 0 } registry ? EnvironmentCredentialProvider.NormalizeRegistry(registry) : null);

    public static CliContext Default(TextWriter output, TextWriter error) =>
        new(output, error, Environment.GetEnvironmentVariable, ClientFactory(Environment.GetEnvironmentVariable));

    /// <summary>Clients with the SDK's credential sources read through <paramref name="getVariable"/>, the environment ones bound as given.</summary>
    public static Func<string?, RegistryClient> ClientFactory(Func<string, string?> getVariable, RegistryTransportPolicy? transport = null) =>
        registry => new RegistryClient(new RegistryClientOptions
        {
            Credentials = DefaultCredentialProvider.FromEnvironment(registry, getVariable),
            Transport = transport ?? RegistryTransportPolicy.FromEnvironment(getVariable),
        });
}
