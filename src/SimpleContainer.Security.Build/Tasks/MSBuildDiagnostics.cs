using Microsoft.Build.Utilities;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Build.Tasks;

/// <summary>Turns the core's coded diagnostics into MSBuild messages; the only place tasks log.</summary>
internal static class MSBuildDiagnostics
{
    public static void Log(this TaskLoggingHelper log, ScDiagnostic diagnostic, string? file = null)
    {
        var text = diagnostic.Text;
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                log.LogError(null, diagnostic.Code, null, file, 0, 0, 0, 0, "{0}", text);
                break;
            case DiagnosticSeverity.Warning:
                log.LogWarning(null, diagnostic.Code, null, file, 0, 0, 0, 0, "{0}", text);
                break;
            default:
                log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "{0}", diagnostic.Message);
                break;
        }
    }
}
