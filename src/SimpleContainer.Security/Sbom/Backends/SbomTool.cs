using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sbom.Backends;

/// <summary>Who generates the SBOM: this library in-process (default), or an installed syft or trivy.</summary>
public enum SbomTool
{
    Builtin,
    Syft,
    Trivy,
}

public static class SbomTools
{
    public static SbomTool Parse(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "" or "builtin" => SbomTool.Builtin,
        "syft" => SbomTool.Syft,
        "trivy" => SbomTool.Trivy,
        _ => throw new ScException(DiagnosticIds.UnknownSbomGenerator, text),
    };
}
