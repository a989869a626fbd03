using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Policy;

/// <summary>
/// Reads what the admission policies need from the same effective configuration that signs: the public key (the
/// configured one, else derived from the private key), or the keyless issuer and identity; and, when provenance is
/// produced, its builder id. Settings are looked up by key, so fields other features add are used once they exist.
/// </summary>
public static class AdmissionPolicySource
{
    public const string OidcIssuerKey = "signing.verify.oidcIssuer";
    public const string IdentityRegexpKey = "signing.verify.identityRegexp";
    public const string BuilderIdKey = "provenance.builder.id";

    /// <param name="source">A URI prefix the provenance's source must start with (<c>--source</c>).</param>
    /// <param name="sourceRepositories">Without <paramref name="source"/>: the repositories the source must be (from git).</param>
    public static AdmissionPolicyInput Create(ResolvedSettings settings, SecurityOptionsContext context, string name, IReadOnlyList<string> images, string? builderId, string? source, IReadOnlyList<string>? sourceRepositories = null)
    {
        var all = settings.Bool(SecuritySettings.SecurityEnabled);
        bool Stage(SecuritySetting setting) => settings.IsSet(setting) ? settings.Bool(setting) : all;
        if (!Stage(SecuritySettings.SigningEnabled))
        {
            throw new ScException(DiagnosticIds.PolicyNothingSigned);
        }

        var signer = settings.Bool(SecuritySettings.SigningKeyless) ? KeylessSigner(settings) : new PolicySigner(PublicKeyPem(settings, context), null, null);
        ProvenanceRequirement? provenance = null;
        if (Stage(SecuritySettings.ProvenanceEnabled))
        {
            var id = builderId is { Length: > 0 } ? builderId : Text(settings, BuilderIdKey);
            var prefix = source is { Length: > 0 } ? source : null;
            provenance = new ProvenanceRequirement(id ?? throw new ScException(DiagnosticIds.PolicyBuilderIdMissing), prefix)
            {
                SourceRepositories = prefix is null ? sourceRepositories ?? [] : [],
            };
        }

        return new AdmissionPolicyInput { Name = name, Images = images, Signer = signer, Provenance = provenance };
    }

    private static PolicySigner KeylessSigner(ResolvedSettings settings)
    {
        var issuer = Text(settings, OidcIssuerKey);
        var identity = Text(settings, IdentityRegexpKey);
        return issuer is null || identity is null
            ? throw new ScException(DiagnosticIds.PolicyKeylessIdentityMissing, OidcIssuerKey, IdentityRegexpKey)
            : new PolicySigner(null, issuer, identity);
    }

    private static string PublicKeyPem(ResolvedSettings settings, SecurityOptionsContext context)
    {
        var secrets = new StackSecrets(context.ProjectDirectory, settings.Text(SecuritySettings.Stack), context.GetVariable);
        if (settings.Text(SecuritySettings.SigningPublicKey) is { Length: > 0 } publicKey)
        {
            return (KeyReference.IsInline(publicKey)
                ? KeyFiles.ReadPublicKey(KeyReference.ReadPem(publicKey, context.GetVariable, secrets), "signing.publicKey")
                : KeyFiles.LoadPublicKey(Path.GetFullPath(publicKey, context.ProjectDirectory))).ToPem();
        }

        if (settings.Text(SecuritySettings.SigningKey) is not { Length: > 0 } privateKey)
        {
            throw new ScException(DiagnosticIds.PolicyKeyMissing);
        }

        var password = SigningPassword.Resolve(settings.Text(SecuritySettings.SigningPassword), context.GetVariable, secrets);
        using var signer = KeyReference.IsInline(privateKey)
            ? KeyFileSigner.FromPem(KeyReference.ReadPem(privateKey, context.GetVariable, secrets), password, KeyReference.Describe(privateKey))
            : KeyFileSigner.Load(Path.GetFullPath(privateKey, context.ProjectDirectory), password);
        return signer.PublicKey.ToPem();
    }

    private static string? Text(ResolvedSettings settings, string key) =>
        SecuritySettings.All.FirstOrDefault(s => s.Key == key) is { } setting && settings.Text(setting) is { Length: > 0 } value ? value : null;
}
