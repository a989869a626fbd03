namespace SimpleContainer.Security.Signing.Keys;

/// <summary>The key types cosign-compatible signing supports. ECDSA and RSA sign over SHA-256, as cosign does.</summary>
public enum KeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 (cosign's default), ASN.1 DER signatures.</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384, ASN.1 DER signatures.</summary>
    EcdsaP384,

    /// <summary>RSA, 2048 to 16384 bits, PKCS#1 v1.5 signatures.</summary>
    Rsa,

    /// <summary>Ed25519 (RFC 8032, pure: the message itself is signed, as cosign 2.5 signs and verifies with it).</summary>
    Ed25519,
}
