namespace SimpleContainer.Security.Policy;

/// <summary>Who signs: a public key (PEM), or a keyless identity (the OIDC issuer and a regular expression on the subject).</summary>
public sealed record PolicySigner(string? PublicKeyPem, string? Issuer, string? IdentityRegexp)
{
    public bool Keyless => PublicKeyPem is null;
}

/// <summary>
/// The provenance the configuration produces and the admission must require: its builder id and, when known, the source
/// it was built from: a URI prefix given by the user (<c>--source</c>), or whole repositories (from git), each of which
/// matches <c>git+https://host/org/repo</c> and <c>git+https://host/org/repo@ref</c> but not <c>…/repo-other</c>.
/// </summary>
public sealed record ProvenanceRequirement(string BuilderId, string? SourceUriPrefix)
{
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>Repositories (<c>git+https://github.com/org/repo</c>) one of which the source must be, with or without a ref; used when <see cref="SourceUriPrefix"/> is null.</summary>
    public IReadOnlyList<string> SourceRepositories { get; init; } = [];
}

/// <summary>What <c>sc policy generate</c> turns into admission policies: all of it from the configuration that signs.</summary>
public sealed record AdmissionPolicyInput
{
    /// <summary>The policies' <c>metadata.name</c> (a DNS label).</summary>
    public required string Name { get; init; }

    /// <summary>The images the policies apply to (globs such as <c>registry.example.com/shop/**</c>).</summary>
    public required IReadOnlyList<string> Images { get; init; }

    public required PolicySigner Signer { get; init; }

    /// <summary>Null when the configuration produces no provenance: then only the signature is required.</summary>
    public ProvenanceRequirement? Provenance { get; init; }

    public string FulcioUrl { get; init; } = "https://fulcio.sigstore.dev";

    public string RekorUrl { get; init; } = "https://rekor.sigstore.dev";
}
