using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Signing.Stores;

/// <summary>
/// What a signer produced for some bytes: the signature and, for keyless signing, its certificate material, the
/// transparency-log entry (<see cref="TlogEntry"/>, what a Sigstore bundle carries; <see cref="RekorBundleJson"/> is
/// cosign's annotation form of it) and an optional RFC 3161 timestamp (DER CMS).
/// </summary>
public sealed record SignatureMaterial(
    byte[] Signature,
    string? CertificatePem = null,
    string? ChainPem = null,
    string? RekorBundleJson = null,
    Sigstore.Rekor.TransparencyLogEntry? TlogEntry = null,
    byte[]? Rfc3161Timestamp = null);

/// <summary>Signs bytes. Key-based signers sign locally; keyless ones obtain a certificate first.</summary>
public interface IPayloadSigner
{
    /// <summary>base64(sha256(DER public key)), the Sigstore bundle's public-key hint; null for certificate-based signers.</summary>
    string? PublicKeyHint { get; }

    Task<SignatureMaterial> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}

public enum SignedContentKind
{
    /// <summary>A cosign simple-signing payload, signed as is.</summary>
    SimpleSigning,

    /// <summary>An in-toto statement in a DSSE envelope; the signature covers the DSSE pre-authentication encoding.</summary>
    InTotoStatement,
}

/// <summary>
/// One signature as found in a store: what was signed (<see cref="SignedBytes"/>) and what it says (<see cref="Content"/>);
/// or, when <see cref="Problem"/> is set, a signature that could not be read, which the verifier reports as one failed check.
/// <see cref="Bundle"/> is the Sigstore bundle it came from (its certificate and tlog entry), when it came from one.
/// </summary>
public sealed record StoredSignature(
    string Layout,
    SignedContentKind Kind,
    byte[] Content,
    byte[] SignedBytes,
    byte[] Signature,
    IReadOnlyDictionary<string, string> Annotations,
    string? Problem = null,
    Sigstore.SigstoreBundle? Bundle = null)
{
    /// <summary>A signature found but unreadable (malformed, too large, of the wrong type): one failed check, not the end of the verification.</summary>
    public static StoredSignature Unreadable(string layout, SignedContentKind kind, string problem) =>
        new(layout, kind, [], [], [], new Dictionary<string, string>(), problem);
}

/// <summary>An on-registry signature layout; each layout reads and writes its own format and nothing else.</summary>
public interface ISignatureStore
{
    /// <summary>A short name for reports: <c>legacy</c>, <c>bundle</c>.</summary>
    string Name { get; }

    /// <summary>The signatures stored for <paramref name="subject"/> (pinned by digest); empty when there are none.</summary>
    Task<IReadOnlyList<StoredSignature>> ReadAsync(ImageReference subject, CancellationToken cancellationToken);

    /// <summary>Signs <paramref name="subject"/> in this layout's format and adds the signature, keeping every one already there.</summary>
    Task SignAsync(ImageReference subject, IPayloadSigner signer, IReadOnlyDictionary<string, string>? annotations, CancellationToken cancellationToken);
}
