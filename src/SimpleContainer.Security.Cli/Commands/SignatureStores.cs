using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Stores;

namespace SimpleContainer.Security.Cli.Commands;

internal static class SignatureStores
{
    public static IReadOnlyList<ISignatureStore> For(RegistryClient client, SigningFormat format, Func<string, string?> getVariable)
    {
        var stores = new List<ISignatureStore>();
        if (format.HasFlag(SigningFormat.Legacy))
        {
            var repository = getVariable(CosignConventions.RepositoryVariable);
            stores.Add(new CosignTagLayout(client, string.IsNullOrWhiteSpace(repository) ? null : ImageReference.Parse(repository)));
        }

        if (format.HasFlag(SigningFormat.Bundle))
        {
            stores.Add(new BundleReferrerLayout(client));
        }

        return stores;
    }
}
