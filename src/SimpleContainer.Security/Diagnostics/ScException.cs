namespace SimpleContainer.Security.Diagnostics;

/// <summary>An operation failed with a coded, user-actionable diagnostic.</summary>
public class ScException : Exception
{
    public ScException(ScDiagnostic diagnostic, Exception? innerException = null)
        : base(diagnostic.Message, innerException)
    {
        Diagnostic = diagnostic;
    }

    public ScException(string resourceKey, params object?[] args)
        : this(new ScDiagnostic(resourceKey, DiagnosticSeverity.Error, args))
    {
    }

    public ScDiagnostic Diagnostic { get; }

    public string Code => Diagnostic.Code;
}
