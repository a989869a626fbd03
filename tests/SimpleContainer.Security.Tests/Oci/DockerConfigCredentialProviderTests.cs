using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Auth;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class DockerConfigCredentialProviderTests
{
    [TestMethod]
    public async Task Reads_auths_by_host_whatever_the_key_scheme()
    {
        var provider = Provider("""
            {"auths":{
              "https://index.docker.io/v1/":{"auth":"aHViOmh1Yi1wYXNz"},
              "http://localhost:5000":{"auth":"bG9jYWw6bG9jYWwtcGFzcw=="},
              "ghcr.io":{"username":"gh","password":"gh-pass"},
              "acr.example.io":{"identitytoken":"refresh-me"}
            }}
            """);

        Assert.AreEqual(new RegistryCredential("hub", "hub-pass"), await provider.GetCredentialAsync("docker.io", default));
        Assert.AreEqual(new RegistryCredential("local", "local-pass"), await provider.GetCredentialAsync("localhost:5000", default));
        Assert.AreEqual(new RegistryCredential("gh", "gh-pass"), await provider.GetCredentialAsync("ghcr.io", default));
        Assert.AreEqual("refresh-me", (await provider.GetCredentialAsync("acr.example.io", default))!.IdentityToken);
        Assert.IsNull(await provider.GetCredentialAsync("other.io", default));
    }

    [TestMethod]
    public async Task A_missing_config_means_anonymous()
    {
        var provider = new DockerConfigCredentialProvider(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.json"));
        Assert.IsNull(await provider.GetCredentialAsync("ghcr.io", default));
    }

    [TestMethod]
    public async Task Broken_json_or_auth_is_a_coded_error_naming_the_file()
    {
        var broken = Provider("{\"auths\":");
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => broken.GetCredentialAsync("ghcr.io", default));
        Assert.AreEqual("SCSEC2011", error.Code);
        StringAssert.Contains(error.Message, broken.ConfigPath!);

        var badAuth = Provider("""{"auths":{"ghcr.io":{"auth":"bm8tY29sb24="}}}""");
        Assert.AreEqual("SCSEC2011", (await Assert.ThrowsExactlyAsync<ScException>(() => badAuth.GetCredentialAsync("ghcr.io", default))).Code);
    }

    [TestMethod]
    public async Task Credential_helpers_are_asked_with_the_server_on_stdin_before_auths()
    {
        var folder = Directory.CreateTempSubdirectory("sc-helper-").FullName;
        var helper = WriteHelper(folder, "test", """
            read server
            if [ "$server" = "registry.example.io" ]; then echo '{"ServerURL":"registry.example.io","Username":"helper-user","Secret":"helper-secret"}'; exit 0; fi
            if [ "$server" = "token.example.io" ]; then echo '{"ServerURL":"token.example.io","Username":"<token>","Secret":"id-token"}'; exit 0; fi
            echo "credentials not found in native keychain"; exit 1
            """);
        var provider = Provider(
            """{"credHelpers":{"registry.example.io":"test","token.example.io":"test","none.example.io":"test"},"auths":{"registry.example.io":{"auth":"aWdub3JlZDppZ25vcmVk"}}}""",
            name => Path.Combine(folder, "docker-credential-" + name));

        Assert.AreEqual(new RegistryCredential("helper-user", "helper-secret"), await provider.GetCredentialAsync("registry.example.io", default));
        Assert.AreEqual(new RegistryCredential(null, null, "id-token"), await provider.GetCredentialAsync("token.example.io", default));
        Assert.IsNull(await provider.GetCredentialAsync("none.example.io", default));
        Assert.IsTrue(File.Exists(helper));
    }

    [TestMethod]
    public async Task CredsStore_serves_every_registry_and_a_missing_helper_is_a_coded_error()
    {
        var folder = Directory.CreateTempSubdirectory("sc-helper-").FullName;
        WriteHelper(folder, "store", """
            read server
            echo "{\"ServerURL\":\"$server\",\"Username\":\"store-user\",\"Secret\":\"store-secret\"}"
            """);
        var provider = Provider("""{"credsStore":"store"}""", name => Path.Combine(folder, "docker-credential-" + name));
        Assert.AreEqual(new RegistryCredential("store-user", "store-secret"), await provider.GetCredentialAsync("any.example.io", default));

        var missing = Provider("""{"credsStore":"absent"}""", name => Path.Combine(folder, "docker-credential-" + name));
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => missing.GetCredentialAsync("any.example.io", default));
        Assert.AreEqual("SCSEC2010", error.Code);
        StringAssert.Contains(error.Message, "docker-credential-absent");
    }

    [TestMethod]
    public async Task Environment_variables_apply_only_to_the_registry_they_are_bound_to_and_replace_the_config_there()
    {
        var variables = new Dictionary<string, string?>
        {
            [EnvironmentCredentialProvider.UserVariable] = "env-user",
            [EnvironmentCredentialProvider.PasswordVariable] = "env-pass",
        };
        const string config = """{"auths":{"ghcr.io":{"username":"cfg","password":"cfg"},"quay.io":{"username":"quay","password":"quay"}}}""";
        var bound = new DefaultCredentialProvider(new EnvironmentCredentialProvider(variables.GetValueOrDefault, "GHCR.io"), Provider(config));
        var unbound = new DefaultCredentialProvider(new EnvironmentCredentialProvider(variables.GetValueOrDefault), Provider(config));
        var hub = new EnvironmentCredentialProvider(variables.GetValueOrDefault, "index.docker.io");

        Assert.AreEqual(new RegistryCredential("env-user", "env-pass"), await bound.GetCredentialAsync("ghcr.io", default));
        Assert.AreEqual(new RegistryCredential("quay", "quay"), await bound.GetCredentialAsync("quay.io", default));
        Assert.IsNull(await bound.GetCredentialAsync("evil.example:5000", default));
        Assert.AreEqual(new RegistryCredential("cfg", "cfg"), await unbound.GetCredentialAsync("ghcr.io", default));
        Assert.AreEqual(new RegistryCredential("env-user", "env-pass"), await hub.GetCredentialAsync("docker.io", default));
        Assert.IsNull(await hub.GetCredentialAsync("ghcr.io", default));
        Assert.IsFalse(new RegistryCredential("u", "secret-value").ToString().Contains("secret-value", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("https://ghcr.io")]
    [DataRow("ghcr.io/team")]
    [DataRow("")]
    [DataRow("no_dots_or_port")]
    public void A_registry_to_bind_to_must_be_a_host_with_an_optional_port(string registry) =>
        Assert.AreEqual("SCSEC1010", Assert.ThrowsExactly<ScException>(() => new EnvironmentCredentialProvider(_ => null, registry)).Code);

    private static DockerConfigCredentialProvider Provider(string json, Func<string, string>? helper = null)
    {
        var folder = Directory.CreateTempSubdirectory("sc-docker-config-").FullName;
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, json, Encoding.UTF8);
        return new DockerConfigCredentialProvider(path, helperExecutable: helper);
    }

    private static string WriteHelper(string folder, string name, string body)
    {
        var path = Path.Combine(folder, "docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
