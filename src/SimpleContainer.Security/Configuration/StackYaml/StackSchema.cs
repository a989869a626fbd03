namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>
/// The field names of Simple Container's security schema, exactly as it spells them, relative to a <c>security:</c>
/// block. A field with a <see cref="SecuritySetting"/> of that <see cref="SecuritySetting.Key"/> is applied; a field
/// of the schema without one is recognised (a warning says it is not applied yet) rather than called unknown.
/// </summary>
public static class StackSchema
{
    /// <summary>Settings that say where the configuration is, never read from it.</summary>
    public static readonly IReadOnlySet<string> LocatorKeys = new HashSet<string>(StringComparer.Ordinal) { "stack", "environment", "configFile" };

    /// <summary>The scanner list: a sequence of <c>{name, enabled, required, failOn, warnOn}</c> (or of names, or one string).</summary>
    public const string ScanTools = "scan.tools";

    public const string DefectDojoEnabled = "scan.upload.defectdojo.enabled";

    public static readonly IReadOnlyList<string> Fields =
    [
        "enabled",
        "signing.enabled", "signing.provider", "signing.keyless", "signing.privateKey", "signing.publicKey", "signing.password", "signing.required",
        "signing.verify.enabled", "signing.verify.oidcIssuer", "signing.verify.identityRegexp",
        "sbom.enabled", "sbom.format", "sbom.generator", "sbom.required", "sbom.attach.enabled", "sbom.attach.sign", "sbom.output.local", "sbom.output.registry",
        "provenance.enabled", "provenance.version", "provenance.builder.id", "provenance.metadata.includeEnv", "provenance.metadata.includeMaterials", "provenance.required",
        "scan.enabled", "scan.failOn", "scan.warnOn", "scan.softFail", "scan.required", ScanTools,
        DefectDojoEnabled, "scan.upload.defectdojo.url", "scan.upload.defectdojo.apiKey", "scan.upload.defectdojo.product", "scan.upload.defectdojo.engagement",
    ];

    public static readonly IReadOnlyList<string> ToolFields = ["name", "enabled", "required", "failOn", "warnOn"];

    /// <summary>Fields whose value is a path, resolved against the YAML file's folder.</summary>
    public static readonly IReadOnlySet<string> PathKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "signing.privateKey", "signing.publicKey", "sbom.output.local", "scan.database.path", "scan.ignoreFile", "scan.vex",
    };

    /// <summary>Key material: a path, or the PEM through a <c>${secret:…}</c>/<c>${env:…}</c> placeholder kept as a reference.</summary>
    public static readonly IReadOnlySet<string> KeyKeys = new HashSet<string>(StringComparer.Ordinal) { "signing.privateKey", "signing.publicKey" };

    /// <summary>The YAML path of a setting inside a <c>security:</c> block (<c>security.enabled</c> is the block's own <c>enabled</c>).</summary>
    public static string PathOf(SecuritySetting setting) =>
        setting.Key.StartsWith("security.", StringComparison.Ordinal) ? setting.Key["security.".Length..] : setting.Key;

    /// <summary>A setting that holds a secret: only a <c>${secret:…}</c>/<c>${env:…}</c> reference is accepted, and it is resolved when used.</summary>
    public static bool IsSecret(SecuritySetting setting) => setting.Allowed.Contains("${secret:", StringComparison.Ordinal);
}
