namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// How a registry is reached: https by default; plain http or unverified TLS only for <c>localhost</c> and for hosts
/// listed in <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>, as the .NET SDK decides.
/// </summary>
public sealed class RegistryTransportPolicy
{
    public const string InsecureRegistriesVariable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    private readonly HashSet<string> _insecure;

    public RegistryTransportPolicy(IEnumerable<string> insecureRegistries)
    {
        _insecure = new HashSet<string>(insecureRegistries.Select(r => r.Trim()).Where(r => r.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    public static RegistryTransportPolicy FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var value = (getVariable ?? Environment.GetEnvironmentVariable)(InsecureRegistriesVariable) ?? string.Empty;
        return new RegistryTransportPolicy(value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when the registry may be reached over plain http or with a certificate that does not verify.</summary>
    public bool IsInsecure(string registry)
    {
        var host = HostOf(registry);
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || _insecure.Contains(registry);
    }

    /// <summary>True when some insecure registry has this host (the TLS layer sees hosts, not ports).</summary>
    public bool IsInsecureHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || _insecure.Any(r => HostOf(r).Equals(host, StringComparison.OrdinalIgnoreCase));

    /// <summary>The base URI of the registry's API for a scheme (docker.io is served by registry-1.docker.io).</summary>
    public static Uri BaseUri(string registry, string scheme)
    {
        var authority = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        return new Uri($"{scheme}://{authority}/");
    }

    public static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            var end = registry.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? registry[..(end + 1)] : registry;
        }

        var colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }
}
