using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore.Rekor;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Keyless attestations, verified as keyless signatures are (<see cref="KeylessVerifier"/>: log entry, certificate at
/// the signing time, chain, signature, identity; the same codes): the certificate and the <c>dsse</c> log entry come
/// from the Sigstore bundle, or from the legacy <c>.att</c> layer's cosign annotations (certificate, Rekor bundle).
/// </summary>
public sealed partial class KeylessSignatureAuthority : IAttestationAuthority
{
    public string? Check(StoredAttestation attestation, byte[] signedBytes, byte[] signature)
    {
        try
        {
            var verdict = verifier.Verify(EvidenceOf(attestation, signedBytes, signature));
            _verdicts.Add(verdict);
            return null;
        }
        catch (ScException ex)
        {
            LastFailure = ex;
            return ex.Diagnostic.Message;
        }
    }

    private static KeylessEvidence EvidenceOf(StoredAttestation attestation, byte[] signedBytes, byte[] signature)
    {
        string? certificatePem;
        TransparencyLogEntry? entry;
        if (attestation.Bundle is { } bundle)
        {
            certificatePem = bundle.CertificateDerBase64 is { } der ? PemEncoding.WriteString("CERTIFICATE", Convert.FromBase64String(der)) + "\n" : null;
            entry = bundle.TlogEntries is [{ } first, ..] ? TransparencyLogEntry.FromBundleJson(first) : null;
        }
        else
        {
            var annotations = attestation.Annotations ?? new Dictionary<string, string>();
            certificatePem = annotations.GetValueOrDefault(CosignConventions.CertificateAnnotation) is { Length: > 0 } pem ? pem : null;
            entry = annotations.GetValueOrDefault(CosignConventions.BundleAnnotation) is { Length: > 0 } rekorBundle ? TransparencyLogEntry.FromCosignBundleAnnotation(rekorBundle) : null;
        }

        (certificatePem, var certificate, entry) = RequireKeylessMaterial(certificatePem, entry, "attestation");

        var envelope = attestation.Envelope!;
        var expected = RekorEntryContent.ForEnvelope(envelope.PayloadType, envelope.PayloadBytes, signature, certificatePem);
        return new KeylessEvidence(signedBytes, signature, certificate, entry, expected);
    }
}
