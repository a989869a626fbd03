namespace SimpleContainer.Security.Signing;

/// <summary>Cosign's on-registry names, each defined once (cosign: pkg/oci/remote/options.go, pkg/oci/static/signature.go).</summary>
public static class CosignConventions
{
    public const string SignatureTagSuffix = ".sig";
    public const string AttestationTagSuffix = ".att";
    public const string SbomTagSuffix = ".sbom";

    /// <summary>Overrides the repository signatures are stored in (cosign's <c>COSIGN_REPOSITORY</c>).</summary>
    public const string RepositoryVariable = "COSIGN_REPOSITORY";

    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string DsseEnvelopeMediaType = "application/vnd.dsse.envelope.v1+json";

    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";
    public const string BundleAnnotation = "dev.sigstore.cosign/bundle";

    /// <summary>An RFC 3161 timestamp of the signature: <c>{"SignedRFC3161Timestamp":"&lt;base64 DER TimeStampResp&gt;"}</c> (cosign's bundle.RFC3161Timestamp).</summary>
    public const string Rfc3161TimestampAnnotation = "dev.sigstore.cosign/rfc3161timestamp";
    public const string PredicateTypeAnnotation = "predicateType";

    public const string SignatureType = "cosign container image signature";
}

/// <summary>The Sigstore bundle as an OCI 1.1 referrer (cosign 3's default layout).</summary>
public static class SigstoreBundleConventions
{
    public const string BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public const string ContentAnnotation = "dev.sigstore.bundle.content";
    public const string PredicateTypeAnnotation = "dev.sigstore.bundle.predicateType";
    public const string CreatedAnnotation = "org.opencontainers.image.created";
    public const string MessageSignatureContent = "message-signature";
    public const string DsseEnvelopeContent = "dsse-envelope";
}
