namespace SimpleContainer.Security.Build.Tasks;

/// <summary>The SBOM stage: ScSbomFormat, ScSbomGenerator, ScSbomOutputDir, ScSbomRequired.</summary>
public sealed partial class GenerateSbom
{
    public string? Format { get; set; }

    public string? Generator { get; set; }

    public string? OutputDirectory { get; set; }
}
