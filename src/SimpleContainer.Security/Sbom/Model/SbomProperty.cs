namespace SimpleContainer.Security.Sbom.Model;

/// <summary>A name/value property of a component (CycloneDX <c>properties</c>); our names start with <c>sc:</c>.</summary>
public sealed record SbomProperty(string Name, string Value)
{
    public const string LayerDigest = "sc:layer:digest";
    public const string LocationPath = "sc:location:path";
    public const string Cataloger = "sc:cataloger";

    /// <summary>A Debian package's source package (and version, when it differs), which Debian's advisories name.</summary>
    public const string DpkgSource = "sc:dpkg:source";

    /// <summary>An Alpine package's origin (source) package, which Alpine's advisories name.</summary>
    public const string ApkOrigin = "sc:apk:origin";

    /// <summary>An rpm's source rpm file name, whose name part RPM distributions' advisories name.</summary>
    public const string RpmSourceRpm = "sc:rpm:source-rpm";

    /// <summary>The properties among <paramref name="candidates"/> that have a value, in order.</summary>
    public static List<SbomProperty> WhereSet(params (string Name, string? Value)[] candidates) =>
        candidates.Where(c => !string.IsNullOrEmpty(c.Value)).Select(c => new SbomProperty(c.Name, c.Value!)).ToList();
}

/// <summary>A hash of a component's content; <see cref="Algorithm"/> is the CycloneDX name (<c>SHA-256</c>).</summary>
public sealed record SbomHash(string Algorithm, string Value)
{
    public const string Sha256 = "SHA-256";
    public const string Sha512 = "SHA-512";
}
