using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Cli;

/// <summary>The CLI's exit codes; stable, so CI can tell a policy failure from a broken setup.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int ToolMissing = 2;
    public const int ConfigurationError = 3;

    /// <summary>What else exits 3 in sc (its input, given on the command line): bad references, missing or unreadable keys and policy files, Docker config.</summary>
    private static readonly HashSet<string> CommandLineKeys =
    [
        DiagnosticIds.InvalidImageReference,
        DiagnosticIds.InvalidDigest,
        DiagnosticIds.DockerConfigInvalid,
        DiagnosticIds.ScanSbomUnreadable,
        DiagnosticIds.SigningKeyMissing,
        DiagnosticIds.SigningPasswordMissing,
        DiagnosticIds.KeyFileUnreadable,
        DiagnosticIds.OidcTokenMissing,
        DiagnosticIds.OidcTokenFileUnreadable,
        DiagnosticIds.TrustedRootInvalid,
        DiagnosticIds.IdentityPolicyMissing,
        DiagnosticIds.IdentityRegexpInvalid,
        DiagnosticIds.IgnoreFileInvalid,
        DiagnosticIds.VexDocumentInvalid,
    ];

    /// <summary>Configuration problems (area 1, bad references, keys, formats) exit 3; everything else 1.</summary>
    public static int For(ScException exception) => For(exception.Diagnostic);

    public static int For(ScDiagnostic diagnostic) =>
        ConfigurationErrors.Is(diagnostic) || CommandLineKeys.Contains(diagnostic.ResourceKey)
            ? ConfigurationError
            : Failure;
}
