using System.Security.Cryptography;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore.Fulcio;
using SimpleContainer.Security.Sigstore.Oidc;
using SimpleContainer.Security.Sigstore.Rekor;
using SimpleContainer.Security.Sigstore.Verification;

namespace SimpleContainer.Security.Sigstore;

/// <summary>
/// Signs with the workload's identity instead of a key: an ephemeral ECDSA P-256 key that lives only in this object's
/// memory, a Fulcio certificate binding it to the OIDC identity, and a Rekor entry for every signature. Bytes are
/// logged as <c>hashedrekord</c>; DSSE pre-authentication encodings (what attestations and bundles sign) as
/// <c>dsse</c> entries, so any caller of <see cref="IPayloadSigner"/> gets the entry kind verifiers expect.
/// </summary>
public sealed class KeylessSigner : IPayloadSigner, IDisposable
{
    private readonly ECDsa _key;
    private readonly SigstoreHttp _http;
    private readonly RekorClient _rekor;
    private readonly Timestamp.TimestampAuthorityClient? _tsa;

    private KeylessSigner(ECDsa key, FulcioCertificate certificate, SigstoreHttp http, KeylessOptions options)
    {
        _key = key;
        _http = http;
        Certificate = certificate;
        Identity = CertificateIdentity.Of(certificate.Leaf);
        _rekor = new RekorClient(options.RekorUrl, http);
        _tsa = options.TimestampUrl is { } tsa ? new Timestamp.TimestampAuthorityClient(tsa, http) : null;
    }

    public FulcioCertificate Certificate { get; }

    /// <summary>The identity and issuer the certificate names (for the summary).</summary>
    public CertificateIdentity Identity { get; }

    public string? PublicKeyHint => null;

    /// <summary>Makes the key and gets its certificate; the key never leaves memory and dies with this object.</summary>
    public static async Task<KeylessSigner> CreateAsync(OidcToken token, KeylessOptions options, CancellationToken cancellationToken)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var http = new SigstoreHttp(options.Handler);
        try
        {
            var certificate = await new FulcioClient(options.FulcioUrl, http).RequestCertificateAsync(token, key, cancellationToken).ConfigureAwait(false);
            return new KeylessSigner(key, certificate, http, options);
        }
        catch
        {
            key.Dispose();
            http.Dispose();
            throw;
        }
    }

    public async Task<SignatureMaterial> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var signature = _key.SignData(data.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var content = DssePreAuthentication.TryParse(data.Span, out var payloadType, out var payload)
            ? RekorEntryContent.ForEnvelope(payloadType, payload, signature, Certificate.LeafPem)
            : RekorEntryContent.ForBytes(data.Span, signature, Certificate.LeafPem);
        // The timestamp comes first, as cosign does it: a TSA failure leaves no log entry behind.
        var timestamp = _tsa is null ? null : await _tsa.TimestampAsync(signature, cancellationToken).ConfigureAwait(false);
        var entry = await _rekor.CreateEntryAsync(content, cancellationToken).ConfigureAwait(false);
        return new SignatureMaterial(signature, Certificate.LeafPem, Certificate.ChainPem, entry.ToCosignBundleAnnotation(), entry, timestamp);
    }

    public void Dispose()
    {
        _key.Dispose();
        _http.Dispose();
    }
}
