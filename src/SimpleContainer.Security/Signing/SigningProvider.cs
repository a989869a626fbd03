using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing;

/// <summary>Who writes the signature: this library in-process, or an installed cosign.</summary>
public enum SigningProvider
{
    Builtin,
    Cosign,
}

public static class SigningProviders
{
    public static SigningProvider Parse(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "" or "builtin" => SigningProvider.Builtin,
        "cosign" => SigningProvider.Cosign,
        _ => throw new ScException(DiagnosticIds.UnknownSigningProvider, text),
    };
}
