using Microsoft.Build.Framework;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>The SBOM stage: ScSbomFormat, ScSbomGenerator, ScSbomOutputDir, ScSbomRequired.</summary>
public sealed partial class GenerateSbom
{
    [Required]
    public string ImageRecordPath { get; set; } = string.Empty;

    public string? Format { get; set; }

    public string? Generator { get; set; }

    public string? OutputDirectory { get; set; }

    public bool Required { get; set; }

    [Output]
    public ITaskItem[] Artifacts { get; set; } = [];
}
