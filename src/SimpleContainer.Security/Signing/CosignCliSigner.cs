using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// The <c>cosign</c> provider: runs an installed cosign (2.x or later) to sign each digest, for teams that want
/// cosign's own code to write the signature. The key password travels in the child's environment
/// (<c>COSIGN_PASSWORD</c>), never on its command line. The transparency log is not used with a key.
/// </summary>
public sealed class CosignCliSigner(ToolRunner runner, RegistryTransportPolicy transport, Func<string, string?> getVariable)
{
    public const string PathVariable = "SC_COSIGN_PATH";

    public async Task SignAsync(IReadOnlyList<ImageReference> subjects, SigningOptions options, string? password, CancellationToken cancellationToken)
    {
        var cosign = ToolLocator.Find("cosign", PathVariable, getVariable)
            ?? throw new ScException(DiagnosticIds.SigningToolMissing, "cosign", "cosign", "not on PATH", PathVariable);
        foreach (var subject in subjects)
        {
            var arguments = new List<string> { "sign", "--key", options.KeyPath!, "--tlog-upload=false", "--yes" };
            if (transport.IsInsecure(subject.Registry))
            {
                arguments.Add("--allow-http-registry");
                arguments.Add("--allow-insecure-registry");
            }

            foreach (var (key, value) in options.Annotations)
            {
                arguments.Add("-a");
                arguments.Add($"{key}={value}");
            }

            arguments.Add(subject.ToString());
            var environment = new Dictionary<string, string?> { [SigningPassword.Variable] = password ?? string.Empty };
            if (options.SignatureRepository is { Length: > 0 } repository)
            {
                environment[CosignConventions.RepositoryVariable] = repository;
            }

            ProcessResult result;
            try
            {
                result = await runner.RunAsync(new ProcessRequest(cosign, arguments) { Environment = environment, Timeout = TimeSpan.FromMinutes(5) }, cancellationToken).ConfigureAwait(false);
            }
            catch (ToolNotFoundException ex)
            {
                throw new ScException(new ScDiagnostic(DiagnosticIds.SigningToolMissing, DiagnosticSeverity.Error, "cosign", cosign, ex.Message, PathVariable), ex);
            }

            if (!result.Succeeded)
            {
                var tail = string.Join(" ", result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
                throw new ScException(DiagnosticIds.SigningToolFailed, "cosign sign", result.ExitCode, tail);
            }
        }
    }
}
