namespace SimpleContainer.Security.Build.Tasks;

/// <summary>
/// The scan stage: ScScanTools, ScScanFailOn, ScScanWarnOn, ScScanSoftFail, ScScanRequired, ScScanRequiredTools,
/// ScVulnerabilityDatabase, ScVulnerabilityDatabaseMaxAge (days), ScScanIgnoreFile, ScScanVexFiles, the DefectDojo
/// upload (ScDefectDojoUrl, ScDefectDojoProduct, ScDefectDojoProductType, ScDefectDojoEngagement, ScDefectDojoApiKey as a reference).
/// </summary>
public sealed partial class ScanContainerImage
{
    public string? Tools { get; set; }

    public string? FailOn { get; set; }

    public string? WarnOn { get; set; }

    public bool SoftFail { get; set; }

    public string? RequiredTools { get; set; }

    public string? VulnerabilityDatabase { get; set; }

    public string? MaxDatabaseAgeDays { get; set; }

    public string? IgnoreFile { get; set; }

    public string? VexFiles { get; set; }

    public string? DefectDojoUrl { get; set; }

    public string? DefectDojoProduct { get; set; }

    public string? DefectDojoProductType { get; set; }

    public string? DefectDojoEngagement { get; set; }

    /// <summary>A <c>${secret:NAME}</c> or <c>${env:VAR}</c> reference, never the key itself; empty reads DEFECTDOJO_API_KEY.</summary>
    public string? DefectDojoApiKeyReference { get; set; }

    public string? Stack { get; set; }

    public string? ProjectDirectory { get; set; }
}
