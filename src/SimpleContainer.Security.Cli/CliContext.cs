using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.Cli;

/// <summary>What every command gets: where to write, how to read the environment, how to reach registries.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> getVariable, Func<RegistryClient> createClient)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Func<string, string?> GetVariable { get; } = getVariable;

    public RegistryClient CreateClient() => createClient();

    public static CliContext Default(TextWriter output, TextWriter error) =>
        new(output, error, Environment.GetEnvironmentVariable, () => new RegistryClient());
}
