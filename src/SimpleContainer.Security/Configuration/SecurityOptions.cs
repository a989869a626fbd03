using SimpleContainer.Security.Configuration.StackYaml;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Scanning.Policy;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Configuration;

/// <summary>What a front door knows besides the settings: the project, the environment, the build's restore output, the annotations.</summary>
public sealed record SecurityOptionsContext
{
    /// <summary>Relative paths in settings are resolved against this folder; <c>${secret:…}</c> looks for <c>.sc/stacks</c> above it.</summary>
    public required string ProjectDirectory { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public DotNetProjectInputs? DotNetProject { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>What the build knows for the provenance (configuration, frameworks, SDK); null outside a build.</summary>
    public Provenance.BuildFacts? Build { get; init; }
}

/// <summary>
/// The typed options of one build (or one <c>sc</c> command): which stages run and each stage's settings, resolved once
/// from <see cref="ResolvedSettings"/> (whose sources it keeps). Defaults live only in <see cref="SecuritySettings"/>.
/// </summary>
public sealed record SecurityOptions
{
    public required ResolvedSettings Settings { get; init; }

    public bool SbomEnabled { get; init; }

    public bool ScanEnabled { get; init; }

    public bool SigningEnabled { get; init; }

    public bool ProvenanceEnabled { get; init; }

    public required SbomOptions Sbom { get; init; }

    public required ScanOptions Scan { get; init; }

    public required SigningOptions Signing { get; init; }

    /// <summary>The attest stage: which attestations it makes (SBOM, vuln, provenance) and the provenance's settings.</summary>
    public AttestOptions Attest { get; init; } = new();

    /// <summary>The builtin scanner's database (file or folder); null is SC_VULNERABILITY_DB or the user cache.</summary>
    public string? VulnerabilityDatabase { get; init; }

    /// <summary>True when any enabled stage must not fail open.</summary>
    public bool AnyRequired => (SbomEnabled && Sbom.Required) || (ScanEnabled && Scan.Required) || (SigningEnabled && Signing.Required) || (Attest.Any && Attest.Required);

    /// <summary>
    /// Resolves the sources, under the stack YAML they name (<see cref="StackConfigurationLayer"/>), and builds the
    /// options. Every configuration error (a value a setting does not accept, a literal API key, …) is returned, all at
    /// once, with the stack YAML's warnings (an unknown key); the options are null when there is any error.
    /// </summary>
    public static (SecurityOptions? Options, IReadOnlyList<ScDiagnostic> Errors) Resolve(IEnumerable<RawSetting> sources, SecurityOptionsContext context)
    {
        var (settings, diagnostics, _) = ResolveSettings(sources, context);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return (null, diagnostics);
        }

        try
        {
            return (Create(settings, context), diagnostics);
        }
        catch (ScException ex)
        {
            return (null, [.. diagnostics, ex.Diagnostic.WithSeverity(DiagnosticSeverity.Error)]);
        }
    }

    /// <summary>The effective settings with their sources (what <c>sc config show</c> prints), the stack YAML read, and every error and warning.</summary>
    public static (ResolvedSettings Settings, IReadOnlyList<ScDiagnostic> Diagnostics, StackConfiguration Stack) ResolveSettings(IEnumerable<RawSetting> sources, SecurityOptionsContext context)
    {
        var given = sources.ToList();
        var stack = StackConfigurationLayer.Load(given, context);
        var (settings, errors) = SecurityOptionsResolver.Resolve(stack.Settings.Concat(given));
        return (settings, [.. stack.Diagnostics, .. errors], stack);
    }

    private static SecurityOptions Create(ResolvedSettings s, SecurityOptionsContext context)
    {
        var all = s.Bool(SecuritySettings.SecurityEnabled);
        bool Stage(SecuritySetting setting) => s.IsSet(setting) ? s.Bool(setting) : all;
        string? FullPath(SecuritySetting setting) => s.Text(setting) is { Length: > 0 } path ? Path.GetFullPath(path, context.ProjectDirectory) : null;
        string? KeyPathOrInline(SecuritySetting setting) => s.Text(setting) is { } key && KeyReference.IsInline(key) ? key : FullPath(setting);

        var tools = ScanTools.Parse(s.Text(SecuritySettings.ScanToolList));
        var scanRequired = s.Bool(SecuritySettings.ScanRequired);
        var sbomEnabled = Stage(SecuritySettings.SbomEnabled);
        var scanEnabled = Stage(SecuritySettings.ScanEnabled);
        var signingEnabled = Stage(SecuritySettings.SigningEnabled);
        var provenanceEnabled = Stage(SecuritySettings.ProvenanceEnabled);
        bool Defaulted(SecuritySetting setting, bool otherwise) => s.IsSet(setting) ? s.Bool(setting) : otherwise;
        return new SecurityOptions
        {
            Settings = s,
            SbomEnabled = sbomEnabled,
            ScanEnabled = scanEnabled,
            SigningEnabled = signingEnabled,
            ProvenanceEnabled = provenanceEnabled,
            Attest = new AttestOptions
            {
                Sbom = Defaulted(SecuritySettings.SbomAttach, signingEnabled && sbomEnabled),
                Scan = Defaulted(SecuritySettings.ScanAttest, signingEnabled && scanEnabled),
                Provenance = provenanceEnabled,
                BuilderId = s.Text(SecuritySettings.ProvenanceBuilderId),
                IncludeEnvironment = s.Bool(SecuritySettings.ProvenanceIncludeEnv),
                IncludeMaterials = s.Bool(SecuritySettings.ProvenanceIncludeMaterials),
                Required = s.Bool(SecuritySettings.ProvenanceRequired) || (s.Bool(SecuritySettings.SbomRequired) && Defaulted(SecuritySettings.SbomAttach, signingEnabled && sbomEnabled)),
                Build = context.Build,
                DotNetProject = context.DotNetProject,
            },
            Sbom = new SbomOptions
            {
                Formats = SbomFormats.Parse(s.Text(SecuritySettings.SbomFormat)),
                Tool = SbomTools.Parse(s.Text(SecuritySettings.SbomGenerator)),
                OutputDirectory = FullPath(SecuritySettings.SbomOutputDir),
                Required = s.Bool(SecuritySettings.SbomRequired),
                DotNetProject = context.DotNetProject,
            },
            Scan = new ScanOptions
            {
                Tools = tools,
                Required = scanRequired,
                RequiredTools = s.IsSet(SecuritySettings.ScanRequiredTools) ? ScanTools.ParseRequired(s.Text(SecuritySettings.ScanRequiredTools), tools)
                    : scanRequired ? tools.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
                FailOn = ScanPolicy.ParseThreshold(s.Text(SecuritySettings.ScanFailOn), s[SecuritySettings.ScanFailOn].Source.Name),
                WarnOn = ScanPolicy.ParseThreshold(s.Text(SecuritySettings.ScanWarnOn), s[SecuritySettings.ScanWarnOn].Source.Name),
                SoftFail = s.Bool(SecuritySettings.ScanSoftFail),
                ToolFailOn = ScanToolThresholds.Parse(s.Text(SecuritySettings.ScanToolFailOn), s[SecuritySettings.ScanToolFailOn].Source.Name),
                ToolWarnOn = ScanToolThresholds.Parse(s.Text(SecuritySettings.ScanToolWarnOn), s[SecuritySettings.ScanToolWarnOn].Source.Name),
                IgnoreFile = FullPath(SecuritySettings.ScanIgnoreFile),
                VexFiles = (s.Text(SecuritySettings.ScanVexFiles) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(f => Path.GetFullPath(f, context.ProjectDirectory)).ToList(),
                MaxDatabaseAge = MaxAge(s),
                Data = new Scanning.Database.VulnerabilityDataOptions
                {
                    Update = Scanning.Database.VulnerabilityDataOptions.ParseMode(s.Text(SecuritySettings.VulnerabilityDatabaseUpdate)) ?? Scanning.Database.VulnerabilityDatabaseUpdateMode.Auto,
                    OsvBaseUrl = new Uri((s.Text(SecuritySettings.OsvBaseUrl) ?? Scanning.Database.VulnerabilityDataOptions.DefaultOsvBaseUrl).Trim()),
                    Sources = (s.Text(SecuritySettings.VulnerabilitySources) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Timeout = Scanning.Database.VulnerabilityDataOptions.ParseTimeout(s.Text(SecuritySettings.VulnerabilityDatabaseUpdateTimeout), s[SecuritySettings.VulnerabilityDatabaseUpdateTimeout].Source.Name),
                    ProjectDirectory = context.ProjectDirectory,
                },
                Transport = RegistryTransportPolicy.FromEnvironment(context.GetVariable),
                DotNetProject = context.DotNetProject,
                BeforePush = s.IsSet(SecuritySettings.ScanBeforePush) ? s.Bool(SecuritySettings.ScanBeforePush) : ScanPolicy.ParseThreshold(s.Text(SecuritySettings.ScanFailOn), s[SecuritySettings.ScanFailOn].Source.Name) is not null,
                DefectDojo = scanEnabled
                    ? DefectDojoSettings.Create(
                        s.Text(SecuritySettings.DefectDojoUrl), s.Text(SecuritySettings.DefectDojoProduct), s.Text(SecuritySettings.DefectDojoProductType),
                        s.Text(SecuritySettings.DefectDojoEngagement), s.Text(SecuritySettings.DefectDojoApiKey), context.GetVariable,
                        new StackSecrets(context.ProjectDirectory, s.Text(SecuritySettings.Stack), context.GetVariable))
                    : null,
            },
            Signing = new SigningOptions
            {
                KeyPath = KeyPathOrInline(SecuritySettings.SigningKey),
                PublicKeyPath = KeyPathOrInline(SecuritySettings.SigningPublicKey),
                Format = SigningFormats.Parse(s.Text(SecuritySettings.SigningFormatSetting)),
                Provider = SigningProviders.Parse(s.Text(SecuritySettings.SigningProviderSetting)),
                VerifyAfterSigning = s.Bool(SecuritySettings.VerifyAfterSigning),
                Required = s.Bool(SecuritySettings.SigningRequired),
                Keyless = s.IsSet(SecuritySettings.SigningKeyless) ? s.Bool(SecuritySettings.SigningKeyless) : null,
                KeylessServices = new Sigstore.KeylessOptions
                {
                    FulcioUrl = Sigstore.KeylessOptions.ServiceUri(s.Text(SecuritySettings.FulcioUrl)!),
                    RekorUrl = Sigstore.KeylessOptions.ServiceUri(s.Text(SecuritySettings.RekorUrl)!),
                    TimestampUrl = s.Text(SecuritySettings.TimestampUrl) is { Length: > 0 } tsa ? new Uri(tsa) : null,
                    Oidc = new Sigstore.Oidc.OidcTokenOptions { TokenFile = FullPath(SecuritySettings.OidcTokenFile), TokenVariable = s.Text(SecuritySettings.OidcTokenVariable) },
                },
                TrustedRootPath = FullPath(SecuritySettings.TrustedRoot),
                TufUrl = new Uri(s.Text(SecuritySettings.TufUrl)!),
                TufRootPath = FullPath(SecuritySettings.TufRoot),
                IdentityPolicy = Sigstore.Verification.IdentityPolicy.FromSettings(
                    s.Text(SecuritySettings.CertificateIdentity), s.Text(SecuritySettings.CertificateIdentityRegexp), s.Text(SecuritySettings.CertificateOidcIssuer), null),
                PasswordReference = s.Text(SecuritySettings.SigningPassword),
                Stack = s.Text(SecuritySettings.Stack),
                ProjectDirectory = context.ProjectDirectory,
                Annotations = context.Annotations,
            },
            VulnerabilityDatabase = FullPath(SecuritySettings.VulnerabilityDatabase),
        };
    }

    private static TimeSpan MaxAge(ResolvedSettings s) =>
        SecuritySettings.TryDays(s.Text(SecuritySettings.VulnerabilityDatabaseMaxAge) ?? string.Empty, out var age) ? age
        : throw new ScException(SecurityOptionsResolver.InvalidValue(SecuritySettings.VulnerabilityDatabaseMaxAge, s.Text(SecuritySettings.VulnerabilityDatabaseMaxAge) ?? string.Empty, s[SecuritySettings.VulnerabilityDatabaseMaxAge].Source));
}
