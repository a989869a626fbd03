using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli;

/// <summary>The CLI's exit codes; stable, so CI can tell a policy failure from a broken setup.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ToolMissing = 2;
    public const int ConfigurationError = 3;

    private static readonly HashSet<string> ConfigurationKeys =
    [
        DiagnosticIds.InvalidImageReference,
        DiagnosticIds.InvalidDigest,
        DiagnosticIds.SigningKeyMissing,
        DiagnosticIds.SigningPasswordMissing,
        DiagnosticIds.KeyFileUnreadable,
        DiagnosticIds.UnknownSigningFormat,
        DiagnosticIds.KeylessNotYetSupported,
        DiagnosticIds.DockerConfigInvalid,
        DiagnosticIds.UnknownScanTool,
        DiagnosticIds.UnknownSeverityThreshold,
        DiagnosticIds.IgnoreFileInvalid,
        DiagnosticIds.VexDocumentInvalid,
        DiagnosticIds.ScanSbomUnreadable,
        DiagnosticIds.InvalidMaxDatabaseAge,
    ];

    /// <summary>Configuration problems (area 1, bad references, keys, formats) exit 3; everything else 1.</summary>
    public static int For(ScException exception) => For(exception.Diagnostic);

    public static int For(ScDiagnostic diagnostic) =>
        diagnostic.Code.StartsWith("SCSEC1", StringComparison.Ordinal) || ConfigurationKeys.Contains(diagnostic.ResourceKey)
            ? ConfigurationError
            : Failure;
}
