namespace SimpleContainer.Security.Signing;

/// <summary>The signing stage's settings (MSBuild properties or sc flags map here). Secrets are not options: the password comes from the environment.</summary>
public sealed record SigningOptions
{
    public string? KeyPath { get; init; }

    /// <summary>The public key for verify-after-signing; derived from the private key when absent.</summary>
    public string? PublicKeyPath { get; init; }

    public SigningFormat Format { get; init; } = SigningFormat.Legacy;

    public SigningProvider Provider { get; init; } = SigningProvider.Builtin;

    public bool VerifyAfterSigning { get; init; } = true;

    /// <summary>When false (the default) a failure is a warning and the build goes on.</summary>
    public bool Required { get; init; }

    /// <summary>True: sign keyless; false: never; null (unset): keyless when no key is configured and a CI identity token is available.</summary>
    public bool? Keyless { get; init; }

    /// <summary>Fulcio, Rekor, timestamp authority and where the identity token comes from (keyless signing).</summary>
    public Sigstore.KeylessOptions KeylessServices { get; init; } = new();

    /// <summary>The Sigstore trusted_root.json verification uses; the shipped public-good root when null.</summary>
    public string? TrustedRootPath { get; init; }

    /// <summary>The TUF repository the trusted root comes from when <see cref="TrustedRootPath"/> is not given (ScTufUrl, ScTufRoot).</summary>
    public Uri TufUrl { get; init; } = new(Sigstore.Trust.TrustedRootOptions.PublicGoodTufUrl);

    public string? TufRootPath { get; init; }

    /// <summary>Who a keyless signature must come from (verify-after-signing and sc image verify).</summary>
    public Sigstore.Verification.IdentityPolicy? IdentityPolicy { get; init; }

    /// <summary>A reference to the key password (<c>${secret:NAME}</c> or <c>${env:VAR}</c>); empty means COSIGN_PASSWORD.</summary>
    public string? PasswordReference { get; init; }

    /// <summary>Where <c>${secret:…}</c> is looked up: the project folder (the nearest <c>.sc/stacks</c> above it) and the stack name.</summary>
    public string? ProjectDirectory { get; init; }

    public string? Stack { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the legacy signatures go instead of the image's repository (cosign's COSIGN_REPOSITORY).</summary>
    public string? SignatureRepository { get; init; }
}
