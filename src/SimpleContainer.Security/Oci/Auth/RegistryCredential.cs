namespace SimpleContainer.Security.Oci.Auth;

/// <summary>Credentials for one registry. <see cref="ToString"/> never shows the secret.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    /// <summary>Docker's convention: a credential helper answering user <c>&lt;token&gt;</c> hands out an identity token.</summary>
    public const string TokenUser = "<token>";

    public bool HasBasic => !string.IsNullOrEmpty(Username) && Password is not null && Username != TokenUser;

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Password = ***, IdentityToken = {(IdentityToken is null ? "none" : "***")} }}";
}

/// <summary>Finds credentials for a registry; null means anonymous.</summary>
public interface ICredentialProvider
{
    Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken);
}
