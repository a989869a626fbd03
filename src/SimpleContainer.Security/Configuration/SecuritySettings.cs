using System.Globalization;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Configuration;

/// <summary>
/// One setting of the security pipeline: its key (the stack YAML path), its MSBuild property, its <c>sc</c> flag, its
/// default and the values it accepts. <see cref="SecuritySettings"/> lists them all; it is the only place a default is written.
/// </summary>
public sealed record SecuritySetting(string Key, string Property, string? Flag, string? Default, string Allowed, Func<string, bool> IsValid);

/// <summary>The catalogue of every setting and its documented default (docs/msbuild.md, scanning.md, signing.md show the same; a test compares them).</summary>
public static class SecuritySettings
{
    public const string DefaultSbomFormat = "cyclonedx-json";
    public const string DefaultSbomGenerator = "builtin";
    public const string DefaultScanTools = ScanTools.Builtin;
    public const string DefaultWarnOn = "high";
    public const double DefaultDatabaseMaxAgeDays = 7;
    public const string DefaultSigningFormat = "legacy";
    public const string DefaultSigningProvider = "builtin";

    private const string Bool = "true or false";
    private const string SeverityWords = "critical, high, medium, low, negligible, unknown, or none";
    private const string ToolSeverityWords = "scanner=severity pairs separated by ';' (scanners: builtin, grype, trivy; severities: " + SeverityWords + ")";

    public static readonly SecuritySetting SecurityEnabled = Switch("security.enabled", "ScSecurityEnabled");
    public static readonly SecuritySetting SbomEnabled = Switch("sbom.enabled", "ScSbomEnabled");
    public static readonly SecuritySetting ScanEnabled = Switch("scan.enabled", "ScScanEnabled");
    public static readonly SecuritySetting SigningEnabled = Switch("signing.enabled", "ScSigningEnabled");
    public static readonly SecuritySetting ProvenanceEnabled = Switch("provenance.enabled", "ScProvenanceEnabled");

    public static readonly SecuritySetting SbomFormat = new("sbom.format", "ScSbomFormat", "--format", DefaultSbomFormat, "cyclonedx-json, cyclonedx-json-1.5 or spdx-json, several separated by ';'", v => Parses(() => SbomFormats.Parse(v)));
    public static readonly SecuritySetting SbomGenerator = new("sbom.generator", "ScSbomGenerator", "--generator", DefaultSbomGenerator, "builtin, syft or trivy", v => Parses(() => SbomTools.Parse(v)));
    public static readonly SecuritySetting SbomOutputDir = Text("sbom.output.local", "ScSbomOutputDir", null, "a folder");
    public static readonly SecuritySetting SbomRequired = Flag("sbom.required", "ScSbomRequired", null);

    public static readonly SecuritySetting ScanToolList = new("scan.tools", "ScScanTools", "--tools", DefaultScanTools, "builtin, grype or trivy, separated by ',' or ';'", v => Parses(() => ScanTools.Parse(v)));
    public static readonly SecuritySetting ScanFailOn = new("scan.failOn", "ScScanFailOn", "--fail-on", null, SeverityWords, IsSeverity);
    public static readonly SecuritySetting ScanWarnOn = new("scan.warnOn", "ScScanWarnOn", "--warn-on", DefaultWarnOn, SeverityWords, IsSeverity);
    public static readonly SecuritySetting ScanToolFailOn = new("scan.toolFailOn", "ScScanToolFailOn", "--tool-fail-on", null, ToolSeverityWords, IsToolThresholds);
    public static readonly SecuritySetting ScanToolWarnOn = new("scan.toolWarnOn", "ScScanToolWarnOn", "--tool-warn-on", null, ToolSeverityWords, IsToolThresholds);
    public static readonly SecuritySetting ScanSoftFail = Flag("scan.softFail", "ScScanSoftFail", "--soft-fail");
    public static readonly SecuritySetting ScanRequired = Flag("scan.required", "ScScanRequired", null);
    public static readonly SecuritySetting ScanRequiredTools = new("scan.requiredTools", "ScScanRequiredTools", "--required", null, "true, false, or scanner names (builtin, grype, trivy)", v => Parses(() => ScanTools.ParseRequired(v, [])));
    public static readonly SecuritySetting VulnerabilityDatabase = Text("scan.database.path", "ScVulnerabilityDatabase", "--database", "a file or folder");
    public static readonly SecuritySetting VulnerabilityDatabaseMaxAge = new("scan.database.maxAge", "ScVulnerabilityDatabaseMaxAge", "--max-database-age", DefaultDatabaseMaxAgeDays.ToString(CultureInfo.InvariantCulture), "a number of days greater than 0, such as 7 or 0.5", v => TryDays(v, out _));
    public static readonly SecuritySetting VulnerabilityDatabaseUpdate = new("scan.database.update", "ScVulnerabilityDatabaseUpdate", null, "auto", "auto, never or always", v => Scanning.Database.VulnerabilityDataOptions.ParseMode(v) is not null);
    public static readonly SecuritySetting OsvBaseUrl = new("scan.database.osvBaseUrl", "ScOsvBaseUrl", null, Scanning.Database.VulnerabilityDataOptions.DefaultOsvBaseUrl, "an http(s) URL", Scanning.Database.VulnerabilityDataOptions.IsBaseUrl);
    public static readonly SecuritySetting VulnerabilitySources = Text("scan.database.sources", "ScVulnerabilitySources", null, "folders, files, zips or URLs separated by ';'");
    public static readonly SecuritySetting VulnerabilityDatabaseUpdateTimeout = new("scan.database.updateTimeout", "ScVulnerabilityDatabaseUpdateTimeout", null, "120", "a number of seconds greater than 0, such as 120", v => Scanning.Database.VulnerabilityDataOptions.TrySeconds(v, out _));
    public static readonly SecuritySetting ScanBeforePush = new("scan.beforePush", "ScScanBeforePush", null, null, Bool, IsBool);
    public static readonly SecuritySetting ScanIgnoreFile = Text("scan.ignoreFile", "ScScanIgnoreFile", "--ignore-file", "a file");
    public static readonly SecuritySetting ScanVexFiles = Text("scan.vex", "ScScanVexFiles", "--vex", "files separated by ';'");
    public static readonly SecuritySetting DefectDojoUrl = Text("scan.upload.defectdojo.url", "ScDefectDojoUrl", "--defectdojo-url", "an http(s) URL");
    public static readonly SecuritySetting DefectDojoProduct = Text("scan.upload.defectdojo.product", "ScDefectDojoProduct", "--defectdojo-product", "a product name");
    public static readonly SecuritySetting DefectDojoProductType = Text("scan.upload.defectdojo.productType", "ScDefectDojoProductType", "--defectdojo-product-type", "a product type name");
    public static readonly SecuritySetting DefectDojoEngagement = Text("scan.upload.defectdojo.engagement", "ScDefectDojoEngagement", "--defectdojo-engagement", "an engagement id or name");
    public static readonly SecuritySetting DefectDojoApiKey = Text("scan.upload.defectdojo.apiKey", "ScDefectDojoApiKey", null, "a ${secret:NAME} or ${env:VAR} reference");

    public static readonly SecuritySetting SigningKey = Text("signing.privateKey", "ScSigningKey", "--key", "a key file");
    public static readonly SecuritySetting SigningPublicKey = Text("signing.publicKey", "ScSigningPublicKey", null, "a public key file");
    public static readonly SecuritySetting SigningFormatSetting = new("signing.format", "ScSigningFormat", "--format", DefaultSigningFormat, "legacy, bundle or both", v => Parses(() => SigningFormats.Parse(v)));
    public static readonly SecuritySetting SigningProviderSetting = new("signing.provider", "ScSigningProvider", "--provider", DefaultSigningProvider, "builtin or cosign", v => Parses(() => SigningProviders.Parse(v)));
    public static readonly SecuritySetting VerifyAfterSigning = new("signing.verify.enabled", "ScVerifyAfterSigning", "--no-verify", "true", Bool, IsBool);
    public static readonly SecuritySetting SigningRequired = Flag("signing.required", "ScSigningRequired", null);
    public static readonly SecuritySetting SigningKeyless = new("signing.keyless", "ScSigningKeyless", "--keyless", null, Bool, IsBool);
    public static readonly SecuritySetting SigningPassword = Text("signing.password", "ScSigningPassword", null, "a ${secret:NAME} or ${env:VAR} reference");
    public static readonly SecuritySetting Stack = Text("stack", "ScSecurityStack", "--stack", "a stack name");
    public static readonly SecuritySetting Environment = Text("environment", "ScSecurityEnvironment", "--environment", "an environment name under 'stacks:' in client.yaml");
    public static readonly SecuritySetting ConfigFile = Text("configFile", "ScSecurityConfigFile", "--config", "a client.yaml file");

    public static readonly SecuritySetting SbomAttach = new("sbom.attach.enabled", "ScSbomAttach", null, null, Bool, IsBool);
    public static readonly SecuritySetting ScanAttest = new("scan.attest", "ScScanAttest", null, null, Bool, IsBool);
    public static readonly SecuritySetting ProvenanceBuilderId = Text("provenance.builder.id", "ScProvenanceBuilderId", "--builder-id", "a builder id URI");
    public static readonly SecuritySetting ProvenanceIncludeEnv = Flag("provenance.metadata.includeEnv", "ScProvenanceIncludeEnv", null);
    public static readonly SecuritySetting ProvenanceIncludeMaterials = new("provenance.metadata.includeMaterials", "ScProvenanceIncludeMaterials", null, "true", Bool, IsBool);
    public static readonly SecuritySetting ProvenanceRequired = Flag("provenance.required", "ScProvenanceRequired", null);

    public static readonly SecuritySetting FulcioUrl = new("signing.fulcioUrl", "ScFulcioUrl", "--fulcio-url", Sigstore.KeylessOptions.PublicFulcioUrl, "an http(s) URL", IsHttpUrl);
    public static readonly SecuritySetting RekorUrl = new("signing.rekorUrl", "ScRekorUrl", "--rekor-url", Sigstore.KeylessOptions.PublicRekorUrl, "an http(s) URL", IsHttpUrl);
    public static readonly SecuritySetting TimestampUrl = new("signing.timestampUrl", "ScTimestampUrl", "--timestamp-url", null, "an http(s) URL", IsHttpUrl);
    public static readonly SecuritySetting TrustedRoot = Text("signing.trustedRoot", "ScTrustedRoot", "--trusted-root", "a Sigstore trusted_root.json file");
    public static readonly SecuritySetting TufUrl = new("signing.tufUrl", "ScTufUrl", "--tuf-url", Sigstore.Trust.TrustedRootOptions.PublicGoodTufUrl, "an http(s) URL", IsHttpUrl);
    public static readonly SecuritySetting TufRoot = Text("signing.tufRoot", "ScTufRoot", "--tuf-root", "a TUF root.json file");
    public static readonly SecuritySetting CertificateIdentity = Text("signing.verify.identity", "ScCertificateIdentity", "--certificate-identity", "the exact certificate identity (an email or URI)");
    public static readonly SecuritySetting CertificateIdentityRegexp = new("signing.verify.identityRegexp", "ScCertificateIdentityRegexp", "--certificate-identity-regexp", null, "a .NET regular expression", IsRegex);
    public static readonly SecuritySetting CertificateOidcIssuer = Text("signing.verify.oidcIssuer", "ScCertificateOidcIssuer", "--certificate-oidc-issuer", "the exact OIDC issuer URL");
    public static readonly SecuritySetting OidcTokenFile = Text("signing.oidc.tokenFile", "ScOidcTokenFile", null, "a file holding an OIDC token");
    public static readonly SecuritySetting OidcTokenVariable = Text("signing.oidc.tokenVariable", "ScOidcTokenVariable", null, "an environment variable name");

    /// <summary>Every setting, in documentation order.</summary>
    public static IReadOnlyList<SecuritySetting> All { get; } =
    [
        SecurityEnabled, SbomEnabled, ScanEnabled, SigningEnabled, ProvenanceEnabled,
        SbomFormat, SbomGenerator, SbomOutputDir, SbomRequired,
        ScanToolList, ScanFailOn, ScanWarnOn, ScanToolFailOn, ScanToolWarnOn, ScanSoftFail, ScanRequired, ScanRequiredTools, VulnerabilityDatabase, VulnerabilityDatabaseMaxAge,
        VulnerabilityDatabaseUpdate, OsvBaseUrl, VulnerabilitySources, VulnerabilityDatabaseUpdateTimeout,
        ScanBeforePush,
        ScanIgnoreFile, ScanVexFiles, DefectDojoUrl, DefectDojoProduct, DefectDojoProductType, DefectDojoEngagement, DefectDojoApiKey,
        SigningKey, SigningPublicKey, SigningFormatSetting, SigningProviderSetting, VerifyAfterSigning, SigningRequired, SigningKeyless, SigningPassword,
        FulcioUrl, RekorUrl, TimestampUrl, TrustedRoot, TufUrl, TufRoot, CertificateIdentity, CertificateIdentityRegexp, CertificateOidcIssuer, OidcTokenFile, OidcTokenVariable, Stack,
        SbomAttach, ScanAttest, ProvenanceBuilderId, ProvenanceIncludeEnv, ProvenanceIncludeMaterials, ProvenanceRequired,
        Environment, ConfigFile,
    ];

    /// <summary>The setting an MSBuild property names, or null.</summary>
    public static SecuritySetting? ByProperty(string property) => All.FirstOrDefault(s => s.Property.Equals(property, StringComparison.OrdinalIgnoreCase));

    public static bool IsBool(string value) => value.Trim().ToLowerInvariant() is "true" or "false";

    public static bool ParseBool(string value) => value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A number of days greater than zero (invariant culture).</summary>
    public static bool TryDays(string value, out TimeSpan age)
    {
        age = default;
        if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || !(days > 0) || double.IsInfinity(days) || days > 36500)
        {
            return false;
        }

        age = TimeSpan.FromDays(days);
        return true;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsRegex(string value)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(value, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsSeverity(string value) => Parses(() => Scanning.Policy.ScanPolicy.ParseThreshold(value, string.Empty));

    private static bool IsToolThresholds(string value) => Parses(() => Scanning.Policy.ScanToolThresholds.Parse(value, string.Empty));

    private static SecuritySetting Switch(string key, string property) => new(key, property, null, "false", Bool, IsBool);

    private static SecuritySetting Flag(string key, string property, string? flag) => new(key, property, flag, "false", Bool, IsBool);

    private static SecuritySetting Text(string key, string property, string? flag, string allowed) => new(key, property, flag, null, allowed, _ => true);

    private static bool Parses(Action parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (ScException)
        {
            return false;
        }
    }
}
