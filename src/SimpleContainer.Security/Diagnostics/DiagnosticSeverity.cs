namespace SimpleContainer.Security.Diagnostics;

public enum DiagnosticSeverity
{
    Message,
    Warning,
    Error,
}
