namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The SBOM stage: ScSbomFormat, ScSbomGenerator, ScSbomOutputDir, ScSbomRequired (the project's restore output comes
/// through <see cref="ProjectStageTask"/>).
/// </summary>
public sealed partial class GenerateSbom
{
    public string? Format { get; set; }

    public string? Generator { get; set; }

    public string? OutputDirectory { get; set; }
}
