using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Build.Tasks;

public sealed partial class SignContainerImage : ScTask
{
    public override bool Execute()
    {
        try
        {
            var record = ImageRecordStore.ReadAsync(ImageRecordPath, CancellationToken).GetAwaiter().GetResult();
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
            using var client = new RegistryClient();
            var layout = new SecurityArtifactLayout(Path.GetDirectoryName(Path.GetDirectoryName(ImageRecordPath)!)!);
            var result = new SigningStage(client, Environment.GetEnvironmentVariable).RunAsync(record, layout, options, CancellationToken).GetAwaiter().GetResult();
            Artifacts = result.Artifacts.Select(StageLogging.ToItem).ToArray();
            return Log.LogStage(result);
        }
        catch (ScException ex)
        {
            Log.Log(ex.Diagnostic with { Severity = Required ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning }, ImageRecordPath);
            return !Required;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
