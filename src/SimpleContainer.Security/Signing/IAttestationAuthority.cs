using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Decides whether an attestation's DSSE signature is trusted from what the attestation carries rather than from one
/// key (a keyless attestation brings its certificate and transparency-log entry). <c>AttestationVerifier</c> asks it
/// instead of <see cref="IVerificationKey.Verify"/>; the statement checks (subject, predicate type, expectations) follow.
/// </summary>
public interface IAttestationAuthority : IVerificationKey
{
    /// <summary>
    /// Why <paramref name="signature"/> over <paramref name="signedBytes"/> (the envelope's pre-authentication encoding)
    /// in <paramref name="attestation"/> is not trusted (a coded diagnostic's message), or null when it is.
    /// </summary>
    string? Check(StoredAttestation attestation, byte[] signedBytes, byte[] signature);
}
