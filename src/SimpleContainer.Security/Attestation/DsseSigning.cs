using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Attestation;

/// <summary>A DSSE envelope just signed, with what the signer returned (a keyless signer's certificate travels with it).</summary>
public sealed record SignedEnvelope(DsseEnvelope Envelope, SignatureMaterial Material);

/// <summary>
/// The one place a DSSE envelope is signed: the signer (key file, cosign key, or the keyless signer when it plugs in)
/// signs the pre-authentication encoding of the payload, never the payload itself. Image-signature bundles and every
/// attestation go through here.
/// </summary>
public static class DsseSigning
{
    public static async Task<SignedEnvelope> SignAsync(IPayloadSigner signer, string payloadType, byte[] payload, CancellationToken cancellationToken)
    {
        var material = await signer.SignAsync(DsseEnvelope.PreAuthenticationEncoding(payloadType, payload), cancellationToken).ConfigureAwait(false);
        var envelope = new DsseEnvelope(Convert.ToBase64String(payload), payloadType, [new DsseSignature(string.Empty, Convert.ToBase64String(material.Signature))]);
        return new SignedEnvelope(envelope, material);
    }

    /// <summary>Signs an in-toto statement (<c>application/vnd.in-toto+json</c>).</summary>
    public static Task<SignedEnvelope> SignStatementAsync(IPayloadSigner signer, InTotoStatement statement, CancellationToken cancellationToken) =>
        SignAsync(signer, DsseEnvelope.InTotoPayloadType, statement.ToBytes(), cancellationToken);
}
