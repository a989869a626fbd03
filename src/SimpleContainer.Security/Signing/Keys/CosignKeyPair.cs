namespace SimpleContainer.Security.Signing.Keys;

/// <summary>A key pair as cosign generate-key-pair writes it: <c>cosign.key</c> and <c>cosign.pub</c> contents.</summary>
/// <param name="PrivateKeyPem">The <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> PEM.</param>
/// <param name="PublicKeyPem">The <c>PUBLIC KEY</c> PEM.</param>
public sealed record CosignKeyPair(string PrivateKeyPem, string PublicKeyPem)
{
    // Even encrypted, a private key does not belong in logs (it invites offline password guessing).
    public override string ToString() => $"CosignKeyPair {{ PublicKeyPem = {PublicKeyPem.Trim()} }}";
}
