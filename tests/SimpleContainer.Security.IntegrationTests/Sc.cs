using SimpleContainer.Security.Cli;
using SimpleContainer.Security.Oci.Registry;

namespace SimpleContainer.Security.IntegrationTests;

/// <summary>Runs the sc CLI in-process against the test registries (anonymous, the test registries allowed as insecure).</summary>
internal static class Sc
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => await RunAsync(new Dictionary<string, string?>(), args);

    public static Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(environment, [], args);

    /// <param name="environment">The variables sc sees.</param>
    /// <param name="moreInsecureHosts">Loopback fronts, besides the plain registry, allowed over http.</param>
    /// <param name="args">The command line.</param>
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> moreInsecureHosts, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(
            output,
            error,
            name => environment.TryGetValue(name, out var value) ? value : null,
            () => new RegistryClient(new RegistryClientOptions
            {
                Credentials = new SimpleContainer.Security.TestSupport.TestRegistries.FixedCredentials(null),
                Transport = new RegistryTransportPolicy([AssemblySetup.Registries.Plain.Host, .. moreInsecureHosts]),
            }));
        var code = await ScCommandLine.InvokeAsync(args, context);
        return (code, output.ToString(), error.ToString());
    }
}
