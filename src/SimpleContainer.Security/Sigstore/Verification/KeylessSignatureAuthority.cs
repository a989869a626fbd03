using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore.Rekor;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Trusts a stored signature when it is keyless and verifies (<see cref="KeylessVerifier"/>): the certificate and log
/// entry come from the Sigstore bundle, or from cosign's legacy layer annotations (certificate, chain, Rekor bundle).
/// Remembers who signed what it accepted, for the report.
/// </summary>
public sealed partial class KeylessSignatureAuthority(KeylessVerifier verifier) : ISignatureAuthority
{
    private readonly List<KeylessVerdict> _verdicts = [];

    public IReadOnlyList<KeylessVerdict> Verdicts => _verdicts;

    /// <summary>The coded failure of the last signature refused.</summary>
    public ScException? LastFailure { get; private set; }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;

    public string? Check(StoredSignature signature)
    {
        try
        {
            var verdict = verifier.Verify(EvidenceOf(signature));
            _verdicts.Add(verdict);
            return null;
        }
        catch (ScException ex)
        {
            LastFailure = ex;
            return ex.Diagnostic.Message;
        }
    }

    /// <summary>The bundle's <c>rfc3161Timestamps</c>, or cosign's <c>dev.sigstore.cosign/rfc3161timestamp</c> annotation.</summary>
    private static IReadOnlyList<byte[]> TimestampsOf(StoredSignature signature)
    {
        if (signature.Bundle is { } bundle)
        {
            return bundle.Rfc3161Timestamps;
        }

        if (signature.Annotations.GetValueOrDefault(CosignConventions.Rfc3161TimestampAnnotation) is not { Length: > 0 } json)
        {
            return [];
        }

        try
        {
            var value = System.Text.Json.Nodes.JsonNode.Parse(json)?["SignedRFC3161Timestamp"]?.GetValue<string>() ?? throw new FormatException("no SignedRFC3161Timestamp");
            return [Convert.FromBase64String(value)];
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new ScException(DiagnosticIds.TimestampUntrusted, "the rfc3161timestamp annotation is unreadable: " + ex.Message);
        }
    }

    private static KeylessEvidence EvidenceOf(StoredSignature signature)
    {
        string? certificatePem;
        TransparencyLogEntry? entry;
        if (signature.Bundle is { } bundle)
        {
            certificatePem = bundle.CertificateDerBase64 is { } der ? PemEncoding.WriteString("CERTIFICATE", Convert.FromBase64String(der)) + "\n" : null;
            entry = bundle.TlogEntries is [{ } first, ..] ? TransparencyLogEntry.FromBundleJson(first) : null;
        }
        else
        {
            certificatePem = signature.Annotations.GetValueOrDefault(CosignConventions.CertificateAnnotation);
            entry = signature.Annotations.GetValueOrDefault(CosignConventions.BundleAnnotation) is { Length: > 0 } rekorBundle ? TransparencyLogEntry.FromCosignBundleAnnotation(rekorBundle) : null;
        }

        (certificatePem, var certificate, entry) = RequireKeylessMaterial(certificatePem, entry, "signature");

        var expected = signature.Kind == SignedContentKind.SimpleSigning
            ? RekorEntryContent.ForBytes(signature.SignedBytes, signature.Signature, certificatePem)
            : RekorEntryContent.ForEnvelope(DsseEnvelope.InTotoPayloadType, signature.Content, signature.Signature, certificatePem);
        return new KeylessEvidence(signature.SignedBytes, signature.Signature, certificate, entry, expected) { Rfc3161Timestamps = TimestampsOf(signature) };
    }

    /// <summary>The certificate and log entry a keyless <paramref name="kind"/> must carry; a missing or unreadable one is refused.</summary>
    private static (string CertificatePem, X509Certificate2 Certificate, TransparencyLogEntry Entry) RequireKeylessMaterial(string? certificatePem, TransparencyLogEntry? entry, string kind)
    {
        if (certificatePem is null)
        {
            throw new ScException(DiagnosticIds.SignatureInvalid, $"the {kind} carries no signing certificate (a key-based {kind}; verify it with --key)");
        }

        if (entry is null)
        {
            throw new ScException(DiagnosticIds.TlogEntryInvalid, $"the {kind} carries no transparency-log entry");
        }

        try
        {
            return (certificatePem, X509Certificate2.CreateFromPem(certificatePem), entry);
        }
        catch (CryptographicException ex)
        {
            throw new ScException(DiagnosticIds.CertificateChainUntrusted, "the signing certificate is unreadable: " + ex.Message);
        }
    }
}
