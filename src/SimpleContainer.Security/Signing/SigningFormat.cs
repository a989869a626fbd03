using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Signing;

/// <summary>Which on-registry layouts a signature is written in.</summary>
[Flags]
public enum SigningFormat
{
    /// <summary>Cosign's <c>.sig</c> tag: read by cosign 2 and 3, policy-controller, Kyverno, skopeo, Harbor.</summary>
    Legacy = 1,

    /// <summary>A Sigstore bundle as an OCI referrer: cosign 3's default.</summary>
    Bundle = 2,

    Both = Legacy | Bundle,
}

public static class SigningFormats
{
    public static SigningFormat Parse(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "" or "legacy" => SigningFormat.Legacy,
        "bundle" => SigningFormat.Bundle,
        "both" => SigningFormat.Both,
        _ => throw new ScException(DiagnosticIds.UnknownSigningFormat, text),
    };
}
