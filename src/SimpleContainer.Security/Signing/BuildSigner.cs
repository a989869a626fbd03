using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Signing;

/// <summary>
/// The signer of one build, shared by the signing and attest stages: the key file is read and decrypted (scrypt) once
/// and kept until the build ends. This is where the keyless signer plugs in; every signature and every DSSE envelope
/// of the build is made by what this returns.
/// </summary>
public sealed class BuildSigner(Func<string, string?> getVariable) : IDisposable
{
    private readonly Dictionary<string, KeyFileSigner> _keys = new(StringComparer.Ordinal);

    /// <summary>How many times a key was actually decrypted (tests prove it happens once per build).</summary>
    public int KeysLoaded { get; private set; }

    /// <summary>The key-file signer for <paramref name="options"/>; a missing key or password is a coded error naming <paramref name="project"/>.</summary>
    public KeyFileSigner KeyFor(SigningOptions options, string project)
    {
        if (options.Keyless == true)
        {
            throw new ScException(DiagnosticIds.AttestationFailed, project, "keyless attestations are not wired to the keyless signer yet (merge in progress)");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPath))
        {
            throw new ScException(DiagnosticIds.SigningKeyMissing, project);
        }

        if (_keys.TryGetValue(options.KeyPath, out var cached))
        {
            return cached;
        }

        var secrets = new Configuration.StackSecrets(options.ProjectDirectory ?? Path.GetDirectoryName(project) ?? ".", options.Stack, getVariable);
        var password = SigningPassword.Resolve(options.PasswordReference, getVariable, secrets);
        var signer = Configuration.KeyReference.IsInline(options.KeyPath)
            ? KeyFileSigner.FromPem(Configuration.KeyReference.ReadPem(options.KeyPath, getVariable, secrets), password, Configuration.KeyReference.Describe(options.KeyPath))
            : KeyFileSigner.Load(options.KeyPath, password);
        _keys[options.KeyPath] = signer;
        KeysLoaded++;
        return signer;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Clear();
    }
}
