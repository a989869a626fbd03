using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom.Writers;

namespace SimpleContainer.Security.Sbom;

/// <summary>An output format: its writer and its file name under <c>sc-security/</c>.</summary>
public sealed record SbomFormat(string Name, ISbomWriter Writer, string FileExtension)
{
    public string FileName(string? platform) => Pipeline.SecurityArtifactLayout.SbomFileName(FileExtension, platform);
}

public static class SbomFormats
{
    /// <summary>Parses <c>cyclonedx-json</c> (1.6), <c>cyclonedx-json-1.5</c>, <c>spdx-json</c>, several separated by ';' or ','.</summary>
    public static IReadOnlyList<SbomFormat> Parse(string? text)
    {
        var names = (string.IsNullOrWhiteSpace(text) ? "cyclonedx-json" : text).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Select(name => name.ToLowerInvariant() switch
        {
            "cyclonedx-json" or "cyclonedx" => new SbomFormat("cyclonedx-json", new CycloneDxJsonWriter(CycloneDxVersion.V1_6), Pipeline.SecurityArtifactLayout.CycloneDxExtension),
            "cyclonedx-json-1.5" => new SbomFormat("cyclonedx-json-1.5", new CycloneDxJsonWriter(CycloneDxVersion.V1_5), Pipeline.SecurityArtifactLayout.CycloneDxExtension),
            "spdx-json" or "spdx" => new SbomFormat("spdx-json", new SpdxJsonWriter(), "spdx.json"),
            _ => throw new ScException(DiagnosticIds.UnknownSbomFormat, name),
        }).DistinctBy(f => f.FileExtension).ToList();
    }
}
