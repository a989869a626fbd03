using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Verifies a keyless image-signature bundle on its own (an <c>sc-security/*.sigstore.json</c> file, or a bundle read
/// from a registry): its in-toto statement must name <paramref name="digest"/> (else SCSEC5117), and the signature,
/// certificate, log entry and identity must verify (<see cref="KeylessVerifier"/>).
/// </summary>
public static class KeylessBundleVerifier
{
    public static KeylessVerdict VerifyImageSignature(byte[] bundleJson, Digest digest, KeylessVerifier verifier)
    {
        var bundle = SigstoreBundle.Parse(bundleJson);
        var statement = InTotoStatement.Parse(bundle.Envelope.PayloadBytes);
        if (!statement.Subject.Any(s => s.Digest.GetValueOrDefault(digest.Algorithm) == digest.Hex))
        {
            var named = string.Join(", ", statement.Subject.SelectMany(s => s.Digest.Select(d => $"{d.Key}:{d.Value}")));
            throw new ScException(DiagnosticIds.BundleSubjectMismatch, named.Length == 0 ? "no digest" : named, digest);
        }

        var signature = BundleReferrerLayout.ToSignatures(bundle, "bundle", new Dictionary<string, string>()).FirstOrDefault()
            ?? throw new ScException(DiagnosticIds.SignatureInvalid, "the bundle holds no signature");
        if (signature.Problem is { } problem)
        {
            throw new ScException(DiagnosticIds.SignatureInvalid, problem);
        }

        var authority = new KeylessSignatureAuthority(verifier);
        return authority.Check(signature) is null ? authority.Verdicts[0] : throw authority.LastFailure!;
    }
}
