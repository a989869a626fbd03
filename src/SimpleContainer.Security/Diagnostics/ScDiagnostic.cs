using System.Globalization;

namespace SimpleContainer.Security.Diagnostics;

/// <summary>
/// A coded diagnostic raised by the core. Front doors (MSBuild tasks, the <c>sc</c> CLI) turn it into a coded
/// message; neither formats text of its own. The text lives in <c>Resources/Strings.resx</c> and starts with its code.
/// </summary>
public sealed record ScDiagnostic(string ResourceKey, DiagnosticSeverity Severity, IReadOnlyList<object?> Args)
{
    public ScDiagnostic(string resourceKey, DiagnosticSeverity severity, params object?[] args)
        : this(resourceKey, severity, (IReadOnlyList<object?>)args)
    {
    }

    /// <summary>The full message, starting with the code (for example <c>SCSEC2001: …</c>).</summary>
    public string Message => DiagnosticCatalog.Format(ResourceKey, Args);

    /// <summary>The stable code, for example <c>SCSEC2001</c>.</summary>
    public string Code => DiagnosticCatalog.CodeOf(ResourceKey);

    /// <summary>The message without its code prefix.</summary>
    public string Text => DiagnosticCatalog.TextOf(ResourceKey, Args);

    public ScDiagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Severity.ToString().ToLowerInvariant()} {Message}");
}
