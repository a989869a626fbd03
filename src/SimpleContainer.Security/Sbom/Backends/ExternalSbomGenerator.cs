using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Sbom.Backends;

/// <summary>A document an external generator wrote, with its component (CycloneDX) or package (SPDX) count.</summary>
public sealed record ExternalSbom(byte[] Bytes, int Components);

/// <summary>What an external generator reads: an image in a registry (pinned by digest) or an OCI archive.</summary>
public sealed record SbomToolTarget(string? Reference, string? ArchivePath, string? Platform, bool InsecureRegistry);

/// <summary>
/// Runs an installed syft (<c>syft registry:REF -o FORMAT=FILE</c>) or trivy (<c>trivy image --format F --output FILE REF</c>,
/// which writes an SBOM without scanning and so without a vulnerability database), and checks that it wrote a document
/// of the requested kind. The tool is found on PATH or through <c>SC_SYFT_PATH</c> / <c>SC_TRIVY_PATH</c>.
/// </summary>
public sealed class ExternalSbomGenerator(ToolRunner runner, Func<string, string?> getVariable)
{
    /// <summary>Whether the tool must be told to use plain http or skip TLS checks for this registry (as the SDK decides).</summary>
    public bool IsInsecure(string registry) => Oci.Registry.RegistryTransportPolicy.FromEnvironment(getVariable).IsInsecure(registry);

    public async Task<ExternalSbom> GenerateAsync(SbomTool tool, SbomToolTarget target, SbomFormat format, CancellationToken cancellationToken)
    {
        var (program, variable) = tool == SbomTool.Syft ? ("syft", "SC_SYFT_PATH") : ("trivy", "SC_TRIVY_PATH");
        var executable = ToolLocator.Find(program, variable, getVariable)
            ?? throw new ScException(DiagnosticIds.SbomToolMissing, program, "not on PATH", variable);
        var output = Path.Combine(Path.GetTempPath(), $"sc-sbom-{Guid.NewGuid():N}.json");
        try
        {
            var request = tool == SbomTool.Syft ? SyftRequest(executable, target, format, output) : TrivyRequest(executable, target, format, output);
            ProcessResult result;
            try
            {
                result = await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ToolNotFoundException ex)
            {
                throw new ScException(new ScDiagnostic(DiagnosticIds.SbomToolMissing, DiagnosticSeverity.Error, program, ex.Message, variable), ex);
            }

            if (!result.Succeeded)
            {
                var tail = string.Join(" ", result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
                throw new ScException(DiagnosticIds.SbomToolFailed, $"{program} {string.Join(' ', request.Arguments.Take(2))}", result.ExitCode, tail);
            }

            var bytes = File.Exists(output) ? await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false) : [];
            return new ExternalSbom(bytes, Check(program, format, bytes));
        }
        finally
        {
            File.Delete(output);
        }
    }

    internal static ProcessRequest SyftRequest(string executable, SbomToolTarget target, SbomFormat format, string output)
    {
        var syftFormat = format.Name switch
        {
            "cyclonedx-json" => "cyclonedx-json@1.6",
            "cyclonedx-json-1.5" => "cyclonedx-json@1.5",
            "spdx-json" => "spdx-json@2.3",
            _ => throw new ScException(DiagnosticIds.SbomToolFormatUnsupported, "syft", format.Name),
        };
        var arguments = new List<string> { "scan", target.ArchivePath is { } archive ? $"oci-archive:{archive}" : $"registry:{target.Reference}", "-o", $"{syftFormat}={output}", "-q" };
        if (target.Platform is { } platform)
        {
            arguments.AddRange(["--platform", platform]);
        }

        var environment = new Dictionary<string, string?> { ["SYFT_CHECK_FOR_APP_UPDATE"] = "false" };
        if (target.InsecureRegistry)
        {
            environment["SYFT_REGISTRY_INSECURE_USE_HTTP"] = "true";
            environment["SYFT_REGISTRY_INSECURE_SKIP_TLS_VERIFY"] = "true";
        }

        return new ProcessRequest(executable, arguments) { Environment = environment, Timeout = TimeSpan.FromMinutes(10) };
    }

    internal static ProcessRequest TrivyRequest(string executable, SbomToolTarget target, SbomFormat format, string output)
    {
        var trivyFormat = format.Name switch
        {
            "cyclonedx-json" => "cyclonedx",
            "spdx-json" => "spdx-json",
            _ => throw new ScException(DiagnosticIds.SbomToolFormatUnsupported, "trivy", format.Name),
        };
        var arguments = new List<string> { "image", "--format", trivyFormat, "--output", output, "--quiet" };
        if (target.Platform is { } platform)
        {
            arguments.AddRange(["--platform", platform]);
        }

        if (target.InsecureRegistry)
        {
            arguments.Add("--insecure");
        }

        arguments.AddRange(target.ArchivePath is { } archive ? ["--input", archive] : [target.Reference!]);
        return new ProcessRequest(executable, arguments) { Timeout = TimeSpan.FromMinutes(10) };
    }

    private static int Check(string program, SbomFormat format, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var ok = format.Name.StartsWith("cyclonedx", StringComparison.Ordinal)
                ? root.TryGetProperty("bomFormat", out var bom) && bom.GetString() == "CycloneDX"
                : root.TryGetProperty("spdxVersion", out var spdx) && spdx.GetString()?.StartsWith("SPDX-2", StringComparison.Ordinal) == true;
            if (!ok)
            {
                throw new ScException(DiagnosticIds.SbomToolOutputInvalid, program, format.Name, "the document is of another kind");
            }

            return root.TryGetProperty(format.Name.StartsWith("cyclonedx", StringComparison.Ordinal) ? "components" : "packages", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.GetArrayLength()
                : 0;
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.SbomToolOutputInvalid, DiagnosticSeverity.Error, program, format.Name, bytes.Length == 0 ? "it wrote nothing" : ex.Message), ex);
        }
    }
}
