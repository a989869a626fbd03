using System.Security.Cryptography;
using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Signing.Keys;
using SimpleContainer.Security.Signing.Stores;
using SimpleContainer.Security.Sigstore;
using SimpleContainer.Security.Sigstore.Oidc;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// The signer of one build, shared by the signing and attest stages: the key file is read and decrypted (scrypt) once,
/// or, keyless, one identity token buys one Fulcio certificate for one in-memory key, and either is kept until the
/// build ends. Every signature and every DSSE envelope of the build is made by what this returns. Given a
/// <see cref="SigningKeyCache"/>, decrypted keys come from it and stay there (one decryption per MSBuild build, not
/// per image); keyless certificates are never shared beyond this signer.
/// </summary>
public sealed class BuildSigner(Func<string, string?> getVariable, SigningKeyCache? sharedKeys = null) : IDisposable
{
    private readonly Dictionary<string, KeyFileSigner> _keys = new(StringComparer.Ordinal);
    private KeylessSigner? _keyless;

    /// <summary>How many times this signer actually decrypted a key (tests prove it happens once per build, and not again for a key the shared cache holds).</summary>
    public int KeysLoaded { get; private set; }

    /// <summary>How many keyless certificates were requested (once per build).</summary>
    public int CertificatesRequested { get; private set; }

    /// <summary>True when <paramref name="options"/> sign keyless: asked for, or no key and a CI identity token there.</summary>
    public bool IsKeyless(SigningOptions options) => KeylessSigning.Applies(options, getVariable);

    /// <summary>The signer <paramref name="options"/> ask for: the keyless one, or the key file's.</summary>
    public async Task<IPayloadSigner> SignerForAsync(SigningOptions options, string project, CancellationToken cancellationToken) =>
        IsKeyless(options) ? await KeylessSignerAsync(options, cancellationToken).ConfigureAwait(false) : KeyFor(options, project);

    /// <summary>
    /// What checks an attestation this build just wrote, read back: the key file's public key, or, keyless, the full
    /// keyless verification (trusted root, log entry, chain, the configured identity policy or the signer's own identity)
    /// when there is a root to check against, else the key of the certificate the build signed with
    /// (as for signatures). Notes on where the trusted root came from (TUF) go to <paramref name="report"/>.
    /// </summary>
    public async Task<IVerificationKey> AttestationVerifierForAsync(IPayloadSigner signer, SigningOptions options, Action<ScDiagnostic> report, CancellationToken cancellationToken) =>
        signer is KeylessSigner keyless
            ? await KeylessSigning.VerifyAfterSigningKeyAsync(options, keyless, getVariable, report, cancellationToken).ConfigureAwait(false)
            : (IVerificationKey)signer;

    /// <summary>The build's keyless signer: the identity token is read and the certificate requested on first use only.</summary>
    public async Task<KeylessSigner> KeylessSignerAsync(SigningOptions options, CancellationToken cancellationToken)
    {
        if (_keyless is not null)
        {
            return _keyless;
        }

        var token = await new OidcTokenProvider(getVariable, options.KeylessServices.Handler).GetTokenAsync(options.KeylessServices.Oidc, cancellationToken).ConfigureAwait(false);
        _keyless = await KeylessSigner.CreateAsync(token, options.KeylessServices, cancellationToken).ConfigureAwait(false);
        CertificatesRequested++;
        return _keyless;
    }

    /// <summary>The key-file signer for <paramref name="options"/>; a missing key or password is a coded error naming <paramref name="project"/>.</summary>
    public KeyFileSigner KeyFor(SigningOptions options, string project)
    {
        if (string.IsNullOrWhiteSpace(options.KeyPath))
        {
            throw new ScException(DiagnosticIds.SigningKeyMissing, project);
        }

        if (options.KeylessServices.TimestampUrl is { } tsa)
        {
            // Only keyless signatures are timestamped; a setting that would silently do nothing is refused.
            throw new ScException(DiagnosticIds.TimestampAuthorityNotSupported, tsa);
        }

        if (_keys.TryGetValue(options.KeyPath, out var cached))
        {
            return cached;
        }

        var secrets = new Configuration.StackSecrets(options.ProjectDirectory ?? Path.GetDirectoryName(project) ?? ".", options.Stack, getVariable);
        var password = SigningPassword.Resolve(options.PasswordReference, getVariable, secrets);
        var inline = Configuration.KeyReference.IsInline(options.KeyPath);
        var source = inline ? Configuration.KeyReference.Describe(options.KeyPath) : options.KeyPath;
        var bytes = inline ? Encoding.UTF8.GetBytes(Configuration.KeyReference.ReadPem(options.KeyPath, getVariable, secrets)) : KeyFiles.ReadKeyFile(options.KeyPath);
        try
        {
            KeyFileSigner Decrypt()
            {
                var decrypted = KeyFileSigner.FromKeyBytes(bytes, password, source);
                KeysLoaded++;
                return decrypted;
            }

            var signer = sharedKeys is null ? Decrypt() : sharedKeys.GetOrLoad(bytes, password, Decrypt);
            _keys[options.KeyPath] = signer;
            return signer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose()
    {
        if (sharedKeys is null)
        {
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }
        }

        _keys.Clear();
        _keyless?.Dispose();
        _keyless = null;
    }
}
