using SimpleContainer.Security.Oci.Auth;
using SimpleContainer.Security.TestSupport;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>The SDK's environment credentials reach the stages bound to the publish's ContainerRegistry.</summary>
[TestClass]
public sealed class PublishCredentialTests
{
    [TestMethod]
    public async Task The_stages_read_the_pushed_image_with_the_environment_credentials_bound_to_ContainerRegistry()
    {
        var registries = AssemblySetup.Registries;
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "credential-binding");
        var arguments = new List<string>
        {
            "publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", "-nodeReuse:false",
            $"-p:ContainerBaseImage={registries.Plain.Host}/fixtures/dotnet-runtime:10.0",
            $"-p:ContainerRegistry={registries.Secure.Host}", "-p:ContainerRepository=it/credential-binding", "-p:ScSbomEnabled=true",
        };
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = $"{registries.Plain.Host};{registries.Secure.Host}",
            [EnvironmentCredentialProvider.UserVariable] = TestRegistries.User,
            [EnvironmentCredentialProvider.PasswordVariable] = TestRegistries.Password,
            ["DOCKER_CONFIG"] = Directory.CreateTempSubdirectory("sc-no-docker-config-").FullName,
        };

        var result = await DotnetCli.RunAsync(app.Directory, arguments, environment);

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        Assert.IsFalse(result.StandardOutput.Contains("SCSEC2005", StringComparison.Ordinal), "the SBOM stage was refused by the registry it pushed to: " + result.StandardOutput);
        Assert.IsTrue(File.Exists(Path.Combine(app.SecurityFolder(), "sbom.cdx.json")), result.StandardOutput);
        Assert.IsFalse(result.StandardOutput.Contains(TestRegistries.Password, StringComparison.Ordinal));
    }
}
