using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>The attestation stores a signing format writes (and a verifier reads), next to <see cref="SignatureStores"/>.</summary>
public static class AttestationStores
{
    public static List<IAttestationStore> For(RegistryClient client, SigningFormat format, string? signatureRepository) =>
        SignatureStores.For(client, format, signatureRepository).OfType<IAttestationStore>().ToList();
}
