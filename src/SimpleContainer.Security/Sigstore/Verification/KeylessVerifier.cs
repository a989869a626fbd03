using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Rekor;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>One keyless signature as found: what was signed, the signature, the certificate and the log entry.</summary>
public sealed record KeylessEvidence(byte[] SignedBytes, byte[] Signature, X509Certificate2 Certificate, TransparencyLogEntry Entry, RekorEntryContent ExpectedEntry)
{
    /// <summary>RFC 3161 timestamps of the signature (DER TimeStampResp), from the bundle or cosign's annotation.</summary>
    public IReadOnlyList<byte[]> Rfc3161Timestamps { get; init; } = [];
}

/// <summary>What a verified keyless signature says: who signed it and when the log saw it.</summary>
public sealed record KeylessVerdict(CertificateIdentity Identity, DateTimeOffset SignedAt, long LogIndex);

/// <summary>
/// Verifies a keyless signature offline, in this order, each failure with its own code: (1) the transparency-log
/// entry (trusted log, SET, inclusion proof, checkpoint: SCSEC5116); (2) the entry records this signature, hash and
/// certificate (SCSEC5116); (3) the certificate was valid at the entry's integrated time (SCSEC5114); (4) it chains to
/// a certificate authority of the trusted root that was valid then (SCSEC5115); (4b) it carries an SCT from a CT log of
/// the trusted root (SCSEC5150; see <see cref="CertificateTransparencyVerifier"/>); (5) the signature verifies with the
/// certificate's key (SCSEC5121); (6) the identity policy (SCSEC5112, SCSEC5113).
/// </summary>
public sealed class KeylessVerifier(TrustedRoot root, IdentityPolicy policy)
{
    public TrustedRoot Root => root;

    public KeylessVerdict Verify(KeylessEvidence evidence)
    {
        TransparencyLogVerifier.Verify(evidence.Entry, root);
        if (evidence.ExpectedEntry.Mismatch(evidence.Entry.Body) is { } mismatch)
        {
            throw new ScException(DiagnosticIds.TlogEntryInvalid, mismatch);
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(evidence.Entry.IntegratedTime);
        var certificate = evidence.Certificate;
        // Every timestamp (SCSEC5141/5142 when it does not verify) is a signing time the certificate must cover too.
        foreach (var time in evidence.Rfc3161Timestamps.Select(t => Timestamp.RfcTimestampVerifier.Verify(t, evidence.Signature, root)).Prepend(signedAt))
        {
            if (time < certificate.NotBefore.ToUniversalTime() || time > certificate.NotAfter.ToUniversalTime())
            {
                throw new ScException(DiagnosticIds.CertificateNotValidAtSigningTime, time.ToString("O"), certificate.NotBefore.ToUniversalTime().ToString("O"), certificate.NotAfter.ToUniversalTime().ToString("O"));
            }
        }

        using (var issuer = VerifyChain(certificate, signedAt))
        {
            CertificateTransparencyVerifier.VerifyEmbedded(certificate, issuer, root);
        }

        using (var key = certificate.GetECDsaPublicKey())
        {
            if (key is null || !key.VerifyData(evidence.SignedBytes, evidence.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                throw new ScException(DiagnosticIds.SignatureInvalid, "ECDSA-SHA256 over the signed bytes");
            }
        }

        var identity = CertificateIdentity.Of(certificate);
        policy.Check(identity);
        return new KeylessVerdict(identity, signedAt, evidence.Entry.LogIndex);
    }

    /// <summary>Builds the chain to a trusted authority and returns the certificate's issuer (whose key the SCT names).</summary>
    private X509Certificate2 VerifyChain(X509Certificate2 certificate, DateTimeOffset signedAt)
    {
        var problems = new List<string>();
        foreach (var authority in root.CertificateAuthorities.Where(a => a.Chain.Count > 0))
        {
            if (!authority.ValidFor.Contains(signedAt))
            {
                problems.Add($"{authority.Uri} was not valid then");
                continue;
            }

            if (authority.TryBuildChain(certificate, signedAt, out var issuer, out var problem) && issuer is not null)
            {
                return issuer;
            }

            problems.Add(problem);
        }

        throw new ScException(DiagnosticIds.CertificateChainUntrusted, problems.Count == 0 ? $"{root.Source} names no certificate authority" : string.Join("; ", problems));
    }
}
