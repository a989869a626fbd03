using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// Decides whether a stored signature is trusted from what it carries rather than from one key: a keyless signature
/// brings its certificate and transparency-log entry. <see cref="SignatureVerifier"/> asks it instead of
/// <see cref="IVerificationKey.Verify"/>; the content checks (digest, type, repository, annotations) follow as for a key.
/// </summary>
public interface ISignatureAuthority : IVerificationKey
{
    /// <summary>Why <paramref name="signature"/> is not trusted (a coded diagnostic's message), or null when it is.</summary>
    string? Check(StoredSignature signature);
}
