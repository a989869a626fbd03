using SimpleContainer.Security.Oci.Auth;

namespace SimpleContainer.Security.Oci.Registry;

public sealed record RegistryClientOptions
{
    /// <summary>Where credentials come from; by default the SDK's sources (environment variables for <see cref="EnvironmentCredentialsRegistry"/>, then the Docker config).</summary>
    public ICredentialProvider? Credentials { get; init; }

    /// <summary>
    /// With the default <see cref="Credentials"/>: the one registry (host[:port]) that <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/
    /// <c>_PWORD</c> are for (the publish's <c>ContainerRegistry</c>, or <c>sc --registry-credentials-for</c>). Null
    /// sends them to no registry; the Docker config still serves every registry.
    /// </summary>
    public string? EnvironmentCredentialsRegistry { get; init; }

    /// <summary>Which registries may use plain http or unverified TLS; by default <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>.</summary>
    public RegistryTransportPolicy? Transport { get; init; }

    /// <summary>A message handler to use instead of the default sockets handler (tests, proxies).</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Blobs larger than this are uploaded in PATCH chunks of this size.</summary>
    public int ChunkSize { get; init; } = 8 * 1024 * 1024;

    public long MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest blob read into memory by <see cref="RegistryClient.GetBlobAsync"/> (configs, signatures, attestations).</summary>
    public long MaxInMemoryBlobBytes { get; init; } = 64 * 1024 * 1024;

    public int MaxPages { get; init; } = 1000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string UserAgent { get; init; } = ProductInfo.Name + "/" + ProductInfo.Version;
}
