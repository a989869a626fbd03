namespace SimpleContainer.Security.Sbom.Model;

/// <summary>A name/value property of a component (CycloneDX <c>properties</c>); our names start with <c>sc:</c>.</summary>
public sealed record SbomProperty(string Name, string Value)
{
    public const string LayerDigest = "sc:layer:digest";
    public const string LocationPath = "sc:location:path";
    public const string Cataloger = "sc:cataloger";
}

/// <summary>A hash of a component's content; <see cref="Algorithm"/> is the CycloneDX name (<c>SHA-256</c>).</summary>
public sealed record SbomHash(string Algorithm, string Value)
{
    public const string Sha256 = "SHA-256";
    public const string Sha512 = "SHA-512";
}
