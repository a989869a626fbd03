using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Signing;

/// <summary>The verdict on one signature found for an image.</summary>
public sealed record SignatureCheck(string Layout, bool Verified, string Detail);

/// <summary>Every signature found for an image and whether each verified.</summary>
public sealed record VerificationReport(ImageReference Subject, IReadOnlyList<SignatureCheck> Checks)
{
    public bool Verified => Checks.Any(c => c.Verified);

    public int VerifiedCount => Checks.Count(c => c.Verified);

    /// <summary><see cref="DiagnosticIds.NoSignatureVerified"/> with each signature's reason, or null when one verified.</summary>
    public ScDiagnostic? Failure => Verified
        ? null
        : new ScDiagnostic(
            DiagnosticIds.NoSignatureVerified,
            DiagnosticSeverity.Error,
            Subject,
            Checks.Count,
            Checks.Count == 0 ? "No signature is stored for this digest." : string.Join(" ", Checks.Select((c, i) => $"[{i + 1}, {c.Layout}] {c.Detail}.")));

    /// <summary>Throws <see cref="Failure"/> unless a signature verified.</summary>
    public VerificationReport EnsureVerified() => Failure is { } failure ? throw new ScException(failure) : this;
}
