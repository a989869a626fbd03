namespace SimpleContainer.Security.Diagnostics;

/// <summary>
/// Which diagnostics are a setting's value being wrong (an unknown format, tool or severity, a bad age, a literal secret), as
/// opposed to a service failing. A configuration error fails the build whatever <c>Required</c> says, and exits 3 in sc.
/// </summary>
public static class ConfigurationErrors
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        DiagnosticIds.UnknownSigningFormat,
        DiagnosticIds.UnknownSigningProvider,
        DiagnosticIds.UnknownSbomFormat,
        DiagnosticIds.UnknownSbomGenerator,
        DiagnosticIds.SbomToolFormatUnsupported,
        DiagnosticIds.UnknownScanTool,
        DiagnosticIds.UnknownSeverityThreshold,
        DiagnosticIds.InvalidMaxDatabaseAge,
        DiagnosticIds.LiteralApiKeyRefused,
        DiagnosticIds.LiteralPasswordRefused,
        DiagnosticIds.UnknownPredicateType,
        DiagnosticIds.TrustedRootInvalid,
        DiagnosticIds.IdentityPolicyMissing,
        DiagnosticIds.IdentityRegexpInvalid,
        DiagnosticIds.TimestampAuthorityNotSupported,
        DiagnosticIds.TufRootInvalid,
    };

    /// <summary>Area 1 (configuration) and the stage settings' own codes.</summary>
    public static bool Is(ScDiagnostic diagnostic) =>
        diagnostic.Code.StartsWith("SCSEC1", StringComparison.Ordinal) || Keys.Contains(diagnostic.ResourceKey);
}
