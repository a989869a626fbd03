using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.TestSupport.Fixtures;

namespace SimpleContainer.Security.IntegrationTests.Signing;

/// <summary>What the signing-stage tests share: a pushed fixture image with its record, and a stage run against the plain registry.</summary>
internal static class SigningStageFixture
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    public static async Task<StageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, SigningOptions options, params (string Name, string Value)[] environment)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var variables = environment.ToDictionary(e => e.Name, e => (string?)e.Value);
        return await new SigningStage(client, name => variables.GetValueOrDefault(name)).RunAsync(record, layout, options, default);
    }

    /// <param name="repository">Where the fixture image is pushed (tag 1).</param>
    /// <param name="folderPrefix">The prefix of the temporary sc-security folder.</param>
    public static async Task<(ImageRecord Record, SecurityArtifactLayout Layout)> PushAsync(string repository, string folderPrefix)
    {
        using var client = AssemblySetup.Registries.CreatePlainClient();
        var image = await new ImageFixtureBuilder(client).PushImageAsync(ImageReference.Create(Host, repository, "1"), [FixtureImages.AlpineLayer()], FixtureImages.Amd64);
        var record = new ImageRecord
        {
            Project = "/src/App/App.csproj",
            Registry = Host,
            Repository = repository,
            Digest = image.Manifest.Digest.ToString(),
            MediaType = image.Manifest.MediaType,
            Reference = image.Reference.Pinned(image.Manifest.Digest).ToString(),
            Pushed = true,
        };
        return (record, new SecurityArtifactLayout(Directory.CreateTempSubdirectory(folderPrefix).FullName));
    }
}
