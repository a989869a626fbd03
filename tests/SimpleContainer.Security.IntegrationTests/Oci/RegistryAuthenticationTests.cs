using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.IntegrationTests.Oci;

[TestClass]
public sealed class RegistryAuthenticationTests
{
    private static TestRegistries Registries => AssemblySetup.Registries;

    [TestMethod]
    public async Task Tls_registry_with_basic_auth_refuses_anonymous_requests_with_a_coded_401()
    {
        using var client = Registries.CreateClient(null);
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.BlobExistsAsync(ImageReference.Create(Registries.Secure.Host, "it/anything"), Digest.Sha256([1])));
        Assert.AreEqual("SCSEC2005", error.Code);
        StringAssert.Contains(error.Message, "401");
        StringAssert.Contains(error.Message, "DOTNET_CONTAINER_REGISTRY_UNAME");
    }

    [TestMethod]
    public async Task Wrong_password_is_a_coded_401_and_the_password_is_not_in_the_message()
    {
        using var client = Registries.CreateClient(new RegistryCredential(TestRegistries.User, "wrong-password"));
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.BlobExistsAsync(ImageReference.Create(Registries.Secure.Host, "it/anything"), Digest.Sha256([1])));
        Assert.AreEqual("SCSEC2005", error.Code);
        Assert.IsFalse(error.Message.Contains("wrong-password", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Basic_credentials_push_and_pull_over_tls()
    {
        using var client = Registries.CreateClient(new RegistryCredential(TestRegistries.User, TestRegistries.Password));
        await AssertRoundTripAsync(client, Registries.Secure.Host, "it/basic");
    }

    [TestMethod]
    public async Task Credentials_from_a_docker_config_file_are_used()
    {
        var folder = Directory.CreateTempSubdirectory("sc-docker-config-").FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:{TestRegistries.Password}"));
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), DockerConfigJson("https://" + Registries.Secure.Host, auth));
        var provider = DockerConfigCredentialProvider.FromEnvironment(name => name == "DOCKER_CONFIG" ? folder : null);
        using var client = new RegistryClient(new RegistryClientOptions { Credentials = provider, Transport = new RegistryTransportPolicy([Registries.Secure.Host]) });

        await AssertRoundTripAsync(client, Registries.Secure.Host, "it/docker-config");
    }

    [TestMethod]
    public async Task Credentials_from_the_sdk_environment_variables_win_over_the_docker_config()
    {
        var folder = Directory.CreateTempSubdirectory("sc-docker-config-").FullName;
        var wrong = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:not-this-one"));
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), DockerConfigJson(Registries.Secure.Host, wrong));
        var variables = new Dictionary<string, string?>
        {
            ["DOCKER_CONFIG"] = folder,
            [EnvironmentCredentialProvider.UserVariable] = TestRegistries.User,
            [EnvironmentCredentialProvider.PasswordVariable] = TestRegistries.Password,
        };
        var provider = new DefaultCredentialProvider(new EnvironmentCredentialProvider(variables.GetValueOrDefault, Registries.Secure.Host), DockerConfigCredentialProvider.FromEnvironment(variables.GetValueOrDefault));
        using var client = new RegistryClient(new RegistryClientOptions { Credentials = provider, Transport = new RegistryTransportPolicy([Registries.Secure.Host]) });

        await AssertRoundTripAsync(client, Registries.Secure.Host, "it/environment");
    }

    [TestMethod]
    public async Task A_self_signed_registry_not_listed_as_insecure_is_refused_with_a_coded_error()
    {
        using var client = new RegistryClient(new RegistryClientOptions
        {
            Credentials = new TestRegistries.FixedCredentials(new RegistryCredential(TestRegistries.User, TestRegistries.Password)),
            Transport = new RegistryTransportPolicy([]),
        });
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.BlobExistsAsync(ImageReference.Create(Registries.Secure.Host, "it/anything"), Digest.Sha256([1])));
        Assert.AreEqual("SCSEC2009", error.Code);
        StringAssert.Contains(error.Message, "DOTNET_CONTAINER_INSECURE_REGISTRIES");
    }

    [TestMethod]
    public async Task Bearer_token_challenge_is_answered_with_a_token_per_scope()
    {
        using var client = Registries.CreateClient(new RegistryCredential(TestRegistries.User, TestRegistries.Password));
        await AssertRoundTripAsync(client, Registries.TokenRegistry.Host, "it/token");

        var scopes = Registries.TokenServer.ScopesRequested.ToArray();
        CollectionAssert.Contains(scopes, "repository:it/token:pull,push");
    }

    [TestMethod]
    public async Task Bearer_token_mount_asks_for_pull_on_the_source_repository()
    {
        using var client = Registries.CreateClient(new RegistryCredential(TestRegistries.User, TestRegistries.Password));
        var source = ImageReference.Create(Registries.TokenRegistry.Host, "it/token-mount-source");
        var descriptor = await client.PushBlobAsync(source, MediaTypes.OciLayerTar, RandomNumberGenerator.GetBytes(300));

        Assert.IsTrue(await client.MountBlobAsync(ImageReference.Create(Registries.TokenRegistry.Host, "it/token-mount-target"), descriptor.Digest, source.Repository));
        CollectionAssert.Contains(Registries.TokenServer.ScopesRequested.ToArray(), "repository:it/token-mount-source:pull");
    }

    [TestMethod]
    public async Task Token_registry_without_credentials_is_a_coded_401()
    {
        using var client = Registries.CreateClient(null);
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => client.GetManifestAsync(ImageReference.Create(Registries.TokenRegistry.Host, "it/token", "1")));
        Assert.AreEqual("SCSEC2005", error.Code);
    }

    private static string DockerConfigJson(string server, string auth) =>
        System.Text.Json.JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [server] = new { auth } } });

    private static async Task AssertRoundTripAsync(RegistryClient client, string host, string repository)
    {
        var image = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var read = await client.GetManifestAsync(ImageReference.Create(host, repository, "1"));
        Assert.AreEqual(image.Manifest.Digest, read.Digest);
        var layer = await client.GetBlobAsync(ImageReference.Create(host, repository), read.AsManifest().Layers[0].Digest);
        CollectionAssert.AreEqual(image.Layers[0].Blob, layer);
        CollectionAssert.Contains((await client.ListTagsAsync(ImageReference.Create(host, repository))).ToArray(), "1");
    }
}
