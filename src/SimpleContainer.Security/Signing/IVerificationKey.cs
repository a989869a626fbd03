namespace SimpleContainer.Security.Signing;

/// <summary>A public key that checks signatures (cosign's: ECDSA-SHA256 DER, or RSA PKCS#1 v1.5 SHA-256).</summary>
public interface IVerificationKey
{
    /// <summary>True when <paramref name="signature"/> is valid for <paramref name="data"/>; false (never an exception) otherwise.</summary>
    bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
