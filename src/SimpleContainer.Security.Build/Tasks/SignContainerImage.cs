using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class SignContainerImage : StageTask
{
    protected override Task<StageResult> RunStageAsync(ImageRecord record, SecurityArtifactLayout layout, RegistryClient client)
    {
        var options = new SigningOptions
        {
            KeyPath = string.IsNullOrWhiteSpace(SigningKey) ? null : Path.GetFullPath(SigningKey),
            PublicKeyPath = string.IsNullOrWhiteSpace(SigningPublicKey) ? null : Path.GetFullPath(SigningPublicKey),
            Format = SigningFormats.Parse(SigningFormat),
            Provider = SigningProviders.Parse(Provider),
            VerifyAfterSigning = VerifyAfterSigning,
            Required = Required,
            Keyless = Keyless,
            PasswordReference = PasswordReference,
            Stack = Stack,
            ProjectDirectory = ProjectDirectory,
            Annotations = Annotations.ToDictionary(a => a.ItemSpec, a => a.GetMetadata("Value"), StringComparer.Ordinal),
        };
        return new SigningStage(client, Environment.GetEnvironmentVariable).RunAsync(record, layout, options, CancellationToken);
    }
}
