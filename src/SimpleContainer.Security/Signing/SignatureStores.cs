using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Signing;

/// <summary>The stores a signing format writes (and a verifier reads): legacy honours COSIGN_REPOSITORY or an explicit repository.</summary>
public static class SignatureStores
{
    public static List<ISignatureStore> For(RegistryClient client, SigningFormat format, string? signatureRepository)
    {
        var stores = new List<ISignatureStore>();
        if (format.HasFlag(SigningFormat.Legacy))
        {
            stores.Add(new CosignTagLayout(client, string.IsNullOrWhiteSpace(signatureRepository) ? null : ImageReference.Parse(signatureRepository)));
        }

        if (format.HasFlag(SigningFormat.Bundle))
        {
            stores.Add(new BundleReferrerLayout(client));
        }

        return stores;
    }

    public static List<ISignatureStore> For(RegistryClient client, SigningFormat format, Func<string, string?> getVariable) =>
        For(client, format, getVariable(CosignConventions.RepositoryVariable));
}
