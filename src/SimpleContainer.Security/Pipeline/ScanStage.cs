using System.Diagnostics;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Registry;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Backends;
using SimpleContainer.Security.Scanning.Database;
using SimpleContainer.Security.Scanning.DefectDojo;
using SimpleContainer.Security.Scanning.Matching;
using SimpleContainer.Security.Scanning.Policy;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.Scanning.Targets;

namespace SimpleContainer.Security.Pipeline;

/// <summary>The scan stage's settings.</summary>
public sealed record ScanOptions
{
    /// <summary><see cref="ScanTools"/> names, run in parallel.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [Configuration.SecuritySettings.DefaultScanTools];

    /// <summary>The stage fails the build when it cannot run at all (an unreadable SBOM, a bad ignore file, …).</summary>
    public bool Required { get; init; }

    /// <summary>Tools whose failure (not installed, no database) is an error rather than a warning.</summary>
    public IReadOnlySet<string> RequiredTools { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public Severity? FailOn { get; init; }

    public Severity? WarnOn { get; init; } = Severities.TryParse(Configuration.SecuritySettings.DefaultWarnOn);

    public bool SoftFail { get; init; }

    /// <summary>Scanners' own failOn thresholds (<c>scan.tools[].failOn</c>, <c>ScScanToolFailOn</c>): each replaces <see cref="FailOn"/> for what that scanner found.</summary>
    public IReadOnlyDictionary<string, Severity?> ToolFailOn { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>Scanners' own warnOn thresholds: each replaces <see cref="WarnOn"/> for what that scanner found.</summary>
    public IReadOnlyDictionary<string, Severity?> ToolWarnOn { get; init; } = new Dictionary<string, Severity?>();

    public string? IgnoreFile { get; init; }

    public IReadOnlyList<string> VexFiles { get; init; } = [];

    /// <summary>The builtin database older than this is a warning (an error when builtin is required).</summary>
    public TimeSpan MaxDatabaseAge { get; init; } = TimeSpan.FromDays(Configuration.SecuritySettings.DefaultDatabaseMaxAgeDays);

    /// <summary>Which registries are plain http or have an untrusted certificate (passed on to grype and trivy).</summary>
    public RegistryTransportPolicy Transport { get; init; } = RegistryTransportPolicy.FromEnvironment();

    /// <summary>The project's restore output, used only when no CycloneDX SBOM of the image was written by the SBOM stage.</summary>
    public DotNetProjectInputs? DotNetProject { get; init; }

    /// <summary>When and from where the builtin scanner's database is updated before matching (on demand by default).</summary>
    public VulnerabilityDataOptions Data { get; init; } = new();

    /// <summary>Uploads scan.sarif to DefectDojo after the scan when set; a failed upload warns and never fails the build.</summary>
    public DefectDojoUploadOptions? DefectDojo { get; init; }

    /// <summary>Judge the image before the SDK pushes it (ScScanBeforePush; by default when failOn is set), so a failing gate pushes nothing.</summary>
    public bool BeforePush { get; init; }

    /// <summary>What this run's scans before the push judged: the scan after the push reports where the image pushed differs.</summary>
    public IReadOnlyList<PrePush.PrePushPackageSet> JudgedBeforePush { get; init; } = [];

    /// <summary>A maximum database age in days (<c>7</c>, <c>0.5</c>); empty is the default.</summary>
    public static TimeSpan ParseMaxDatabaseAge(string? days, string setting) =>
        string.IsNullOrWhiteSpace(days) ? TimeSpan.FromDays(Configuration.SecuritySettings.DefaultDatabaseMaxAgeDays)
        : Configuration.SecuritySettings.TryDays(days, out var age) ? age
        : throw new ScException(DiagnosticIds.InvalidMaxDatabaseAge, days.Trim(), setting);

    /// <summary>Loads the ignore file and the OpenVEX documents into the policy.</summary>
    public async Task<ScanPolicy> LoadPolicyAsync(CancellationToken cancellationToken)
    {
        var vex = new List<VexStatement>();
        foreach (var file in VexFiles)
        {
            vex.AddRange(await OpenVexReader.LoadAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return new ScanPolicy
        {
            FailOn = FailOn,
            WarnOn = WarnOn,
            SoftFail = SoftFail,
            ToolFailOn = ForTools(ToolFailOn),
            ToolWarnOn = ForTools(ToolWarnOn),
            Ignore = IgnoreFile is null ? [] : await IgnoreList.LoadAsync(IgnoreFile, cancellationToken).ConfigureAwait(false),
            IgnoreSource = IgnoreFile,
            Vex = vex,
        };
    }

    /// <summary>The thresholds of the scanners this scan runs; one given for a scanner that does not run has nothing to judge.</summary>
    public Dictionary<string, Severity?> ForTools(IReadOnlyDictionary<string, Severity?> thresholds) =>
        thresholds.Where(t => Tools.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
}

/// <summary>What one scan produced: the stage's result for the front door, and the report (null when the scan did not run).</summary>
public sealed record ScanStageResult(StageResult Stage, ScanReport? Report);

/// <summary>
/// The vulnerability gate for one recorded publish: every platform's packages (from the SBOM stage's CycloneDX file,
/// or catalogued here when there is none) go to each configured scanner in parallel; the findings are merged by
/// vulnerability and package, the policy decides, and scan.json / scan.sarif / scan.md are written. A finding at or
/// above failOn is an error and fails the stage (so signing does not run); a scanner that cannot run warns unless required.
/// </summary>
public sealed class ScanStage(RegistryClient client, SbomGenerator generator, IScannerProvider scanners, TimeProvider? time = null)
{
    public const string Name = "scan";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Scans a recorded publish; reports go to <c>sc-security/</c>. <paramref name="sboms"/> are the SBOM files this run's
    /// SBOM stage wrote (with the digest each describes); without a CycloneDX one for every platform the image is
    /// catalogued here. A file found on disk is never read: it may describe another digest.
    /// </summary>
    public Task<ScanStageResult> RunAsync(ImageRecord record, SecurityArtifactLayout layout, ScanOptions options, IReadOnlyList<SecurityArtifact> sboms, CancellationToken cancellationToken) =>
        GuardAsync(record.Subject, options, async () =>
        {
            var diagnostics = new List<ScDiagnostic>();
            var requests = await RequestsForRecordAsync(record, options, sboms, diagnostics, cancellationToken).ConfigureAwait(false);
            if (options.JudgedBeforePush.Count > 0)
            {
                diagnostics.AddRange(PrePush.PrePushComparison.Compare(record.Subject, options.JudgedBeforePush, [.. requests.Select(r => (r.Target.Platform, (IReadOnlyCollection<string>)r.Target.Packages.Select(p => p.Key).ToHashSet(StringComparer.Ordinal)))]));
            }

            return await ScanAsync(record.Subject, record.Digest, requests, options, layout.Root, diagnostics, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Scans an image in a registry (every platform of an index), cataloguing it in-process (<c>sc image scan --image</c>).</summary>
    public Task<ScanStageResult> RunAsync(ImageReference image, string outputFolder, ScanOptions options, CancellationToken cancellationToken) =>
        GuardAsync(image.ToString(), options, async () =>
        {
            var platforms = await ImagePlatforms.FromRegistryAsync(client, image, cancellationToken).ConfigureAwait(false);
            var insecure = options.Transport.IsInsecure(image.Registry);
            var diagnostics = new List<ScDiagnostic>();
            var requests = await GenerateRequestsAsync(platforms, [], insecure, p => p.Subject.Display, null, diagnostics, cancellationToken).ConfigureAwait(false);
            var digest = image.Digest?.ToString() ?? (platforms.Count == 1 ? platforms[0].Subject.Digest.ToString() : null);
            return await ScanAsync(image.ToString(), digest, requests, options, outputFolder, diagnostics, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Scans the packages of a CycloneDX SBOM file (<c>sc image scan --sbom</c>).</summary>
    public Task<ScanStageResult> RunAsync(string sbomPath, string outputFolder, ScanOptions options, CancellationToken cancellationToken) =>
        GuardAsync(sbomPath, options, async () =>
        {
            var target = await ScanTargets.ReadCycloneDxAsync(sbomPath, null, cancellationToken).ConfigureAwait(false);
            var request = new ScanRequest { Target = target, SbomPath = Path.GetFullPath(sbomPath) };
            return await ScanAsync(target.Name, target.Digest, [request], options, outputFolder, [], cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// Scans packages catalogued by the caller (the scan before the push, <see cref="PrePush.PrePushScan"/>), with the
    /// same data update, scanners, policy and reports as a recorded publish; a failure to catalogue is the stage's
    /// result as any other failure to scan (a warning unless required).
    /// </summary>
    public Task<ScanStageResult> RunAsync(string subject, Func<List<ScDiagnostic>, Task<IReadOnlyList<ScanRequest>>> catalogue, string outputFolder, ScanOptions options, CancellationToken cancellationToken) =>
        GuardAsync(subject, options, async () =>
        {
            var diagnostics = new List<ScDiagnostic>();
            var requests = await catalogue(diagnostics).ConfigureAwait(false);
            return await ScanAsync(subject, null, requests, options, outputFolder, diagnostics, cancellationToken).ConfigureAwait(false);
        });

    private static async Task<ScanStageResult> GuardAsync(string subject, ScanOptions options, Func<Task<ScanStageResult>> scan)
    {
        try
        {
            return await scan().ConfigureAwait(false);
        }
        catch (ScException ex)
        {
            return new ScanStageResult(StageResult.FromFailure(Name, ex.Diagnostic, options.Required, DiagnosticIds.ScanFailed, subject), null);
        }
    }

    private async Task<ScanStageResult> ScanAsync(string subject, string? digest, IReadOnlyList<ScanRequest> requests, ScanOptions options, string outputFolder, List<ScDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var policy = await options.LoadPolicyAsync(cancellationToken).ConfigureAwait(false);

        // An image nothing scanned, or a source that could not be fetched, fails only a scan that must run: ScScanRequired
        // in a publish, --required in sc (whose scans are otherwise required only to run at all).
        var mustScan = options.Required && options.RequiredTools.Count > 0;
        var dataFailed = false;
        if (options.Tools.Contains(ScanTools.Builtin) && scanners.BuiltinDatabasePath is { } database)
        {
            using var http = new HttpClient();
            var (updates, failed) = await new VulnerabilityDataOnDemand(database, http, _time)
                .EnsureAsync([.. requests.Select(r => r.Target)], options.Data, options.MaxDatabaseAge, mustScan, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(updates);
            dataFailed = failed && mustScan;
        }

        var runs = requests.Select(request => (Request: request, Runs: options.Tools.Select(tool => RunScannerAsync(scanners.ForTool(tool), request, cancellationToken)).ToList())).ToList();
        await Task.WhenAll(runs.SelectMany(r => r.Runs)).ConfigureAwait(false);
        var results = options.Tools.SelectMany((_, t) => runs.Select(r => r.Runs[t].Result)).ToList();

        var findings = FindingMerger.Merge(results.SelectMany(r => r.Findings));
        var digests = requests.Select(r => r.Target.Digest).Append(digest).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = _time.GetUtcNow();
        var decided = PolicyEvaluator.Evaluate(findings, policy, digests, DateOnly.FromDateTime(now.UtcDateTime));
        var report = new ScanReport
        {
            Subject = subject,
            Digest = digest,
            Targets = requests.Select(r => r.Target).ToList(),
            Scanners = results.Select(r => r.Run).ToList(),
            Verdicts = ScanReportOrder.Sort(decided.Verdicts),
            FailOn = options.FailOn?.ToWord(),
            WarnOn = options.WarnOn?.ToWord(),
            SoftFail = options.SoftFail,
            ToolFailOn = policy.ToolFailOn.ToDictionary(t => t.Key, t => ScanToolThresholds.Word(t.Value), StringComparer.Ordinal),
            ToolWarnOn = policy.ToolWarnOn.ToDictionary(t => t.Key, t => ScanToolThresholds.Word(t.Value), StringComparer.Ordinal),
            Created = now,
            NotScanned = runs.Select(r => NotScannedReason(r.Request, r.Runs.Select(t => t.Result.Run), requests.Count)).OfType<string>().ToList(),
        };
        var artifacts = await ScanReportFiles.WriteAsync(report, outputFolder, cancellationToken).ConfigureAwait(false);
        if (options.DefectDojo is { } dojo)
        {
            // A report of an image nothing scanned has no results, and a re-import of it would close every open finding.
            // One DefectDojo test per image repository: the next build's upload re-imports into it.
            var titled = dojo.TestTitle is null ? dojo with { TestTitle = "SimpleContainer scan " + subject.Split('@')[0] } : dojo;
            diagnostics.Add(report.NotScanned.Count > 0
                ? new ScDiagnostic(DiagnosticIds.DefectDojoUploadSkipped, DiagnosticSeverity.Warning, subject)
                : await UploadAsync(subject, artifacts.Single(a => a.Kind == ScanReportFiles.SarifKind).Path, titled, cancellationToken).ConfigureAwait(false));
        }

        var toolFailed = ScannerDiagnostics(report, options, now, diagnostics);
        diagnostics.AddRange(decided.Diagnostics);
        diagnostics.AddRange(ScanDiagnostics.Violations(report, f => ScanToolThresholds.For(f, policy.FailOn, policy.ToolFailOn).Threshold));
        if (ScanDiagnostics.NotEvaluated(report, mustScan) is { } notEvaluated)
        {
            diagnostics.Add(notEvaluated);
        }

        diagnostics.Add(ScanDiagnostics.Summary(report, artifacts));

        var outcome = report.Gate == GateState.Failed || toolFailed || dataFailed || (mustScan && report.NotScanned.Count > 0)
            ? StageOutcome.Failed
            : report.NotScanned.Count > 0 || report.ToolGatesNotEvaluated.Count > 0 || report.Scanners.All(s => s.Outcome != ScannerOutcome.Succeeded) ? StageOutcome.FailedOpen : StageOutcome.Succeeded;
        return new ScanStageResult(new StageResult(Name, outcome, diagnostics, artifacts), report);
    }

    /// <summary>Why no scanner produced a result for one platform image (each scanner's error), or null when one did.</summary>
    private static string? NotScannedReason(ScanRequest request, IEnumerable<ScannerRun> runs, int platforms)
    {
        var all = runs.ToList();
        if (all.Any(r => r.Outcome == ScannerOutcome.Succeeded))
        {
            return null;
        }

        var image = platforms > 1 && request.Target.Platform is { } platform ? platform : request.Target.Name;
        var why = all.Count == 0 ? "no scanner is configured" : string.Join("; ", all.Select(r => $"{r.Name}: {r.Error ?? r.Outcome.ToWord()}"));
        return $"{image}: {why}";
    }

    /// <summary>One request per platform image: its packages from the CycloneDX SBOM this run's SBOM stage wrote for its digest, else catalogued now.</summary>
    private async Task<IReadOnlyList<ScanRequest>> RequestsForRecordAsync(ImageRecord record, ScanOptions options, IReadOnlyList<SecurityArtifact> sboms, List<ScDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var single = record.Platforms.Count <= 1;
        var files = record.Platforms
            .Select(p => sboms.FirstOrDefault(a => a.Kind == SecurityArtifactLayout.SbomKind && string.Equals(a.Digest, p.Digest, StringComparison.Ordinal) && SecurityArtifactLayout.IsCycloneDx(a.Path))?.Path)
            .ToList();
        var insecure = record.Registry is { } registry && options.Transport.IsInsecure(registry);
        var archive = record.Pushed ? null : record.ArchivePath;
        var ReferenceOf = record.PushedReference;
        if (files.Count > 0 && files.All(f => f is not null))
        {
            var requests = new List<ScanRequest>();
            for (var i = 0; i < files.Count; i++)
            {
                var platform = record.Platforms[i];
                var target = await ScanTargets.ReadCycloneDxAsync(files[i]!, single ? null : platform.Platform, cancellationToken).ConfigureAwait(false);
                requests.Add(new ScanRequest
                {
                    Target = target with { Digest = platform.Digest },
                    SbomPath = files[i],
                    ImageReference = ReferenceOf(platform.Digest),
                    ArchivePath = archive,
                    InsecureRegistry = insecure,
                });
            }

            return requests;
        }

        IReadOnlyList<CatalogedPackage> buildPackages = [];
        if (options.DotNetProject is { } project)
        {
            var fromBuild = await ProjectAssetsSource.ReadAsync(project, cancellationToken).ConfigureAwait(false);
            buildPackages = fromBuild.Packages;
            diagnostics.AddRange(fromBuild.Diagnostics);
        }

        using var image = await RecordedImage.OpenAsync(client, record, cancellationToken).ConfigureAwait(false);
        return await GenerateRequestsAsync(image.Platforms, buildPackages, insecure, p => ReferenceOf(p.Subject.Digest.ToString()), archive, diagnostics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Catalogues each platform image in-process (no SBOM file exists for it).</summary>
    private async Task<IReadOnlyList<ScanRequest>> GenerateRequestsAsync(IReadOnlyList<PlatformImage> platforms, IReadOnlyList<CatalogedPackage> buildPackages, bool insecure, Func<PlatformImage, string?> reference, string? archivePath, List<ScDiagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var requests = new List<ScanRequest>();
        foreach (var platform in platforms)
        {
            var sbom = await generator.GenerateAsync(platform.Subject, platform.Layers, buildPackages, cancellationToken).ConfigureAwait(false);
            diagnostics.AddRange(sbom.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message));
            requests.Add(new ScanRequest
            {
                Target = ScanTargets.FromDocument(sbom.Document, platform.Platform),
                ImageReference = reference(platform),
                ArchivePath = archivePath,
                InsecureRegistry = insecure,
            });
        }

        return requests;
    }

    private static async Task<ScDiagnostic> UploadAsync(string subject, string sarif, DefectDojoUploadOptions dojo, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient();
            var uploaded = await new DefectDojoClient(http).UploadAsync(sarif, DefectDojoScanTypes.Sarif, dojo, cancellationToken).ConfigureAwait(false);
            return new ScDiagnostic(DiagnosticIds.DefectDojoUploaded, DiagnosticSeverity.Message, sarif, dojo.BaseUri, uploaded.Reimported ? "re-imported into" : "imported into new", uploaded.TestId);
        }
        catch (ScException ex)
        {
            return new ScDiagnostic(DiagnosticIds.DefectDojoUploadFailed, DiagnosticSeverity.Warning, subject, ex.Diagnostic.Message);
        }
    }

    private static async Task<ScannerResult> RunScannerAsync(IVulnerabilityScanner scanner, ScanRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await scanner.ScanAsync(request, cancellationToken).ConfigureAwait(false);
        var findings = result.Findings.Select(f => f with { Platform = request.Target.Platform }).ToList();
        var run = result.Run.Duration == TimeSpan.Zero ? result.Run with { Duration = clock.Elapsed } : result.Run;
        return new ScannerResult(run, findings);
    }

    /// <summary>Warns (or, for a required tool, errs) for every scanner that did not scan and for a stale database; true when a required one failed.</summary>
    private static bool ScannerDiagnostics(ScanReport report, ScanOptions options, DateTimeOffset now, List<ScDiagnostic> diagnostics)
    {
        var requiredFailed = false;
        foreach (var run in report.Scanners.DistinctBy(r => (r.Name, r.Outcome, r.Error)))
        {
            var required = options.RequiredTools.Contains(run.Name);
            var severity = required ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            if (run.Outcome != ScannerOutcome.Succeeded)
            {
                requiredFailed |= required;
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.ScannerUnavailable, severity, run.Name, report.Subject, run.Error));
            }
            else if (run.DatabaseUpdated is { } updated && now - updated > options.MaxDatabaseAge)
            {
                requiredFailed |= required;
                diagnostics.Add(VulnerabilityDatabaseStatus.Stale(run.Database ?? run.Name, now - updated, options.MaxDatabaseAge).WithSeverity(severity));
            }
        }

        // Packages not looked up are unknown, not unaffected: named, and an error when the scan or the scanner is required.
        foreach (var byScanner in report.Scanners.Where(r => r.Unmatched.Count > 0).GroupBy(r => r.Name))
        {
            var required = options.Required || options.RequiredTools.Contains(byScanner.Key);
            requiredFailed |= required;
            var reasons = byScanner.SelectMany(r => r.Unmatched).Distinct()
                .GroupBy(u => u.Reason, u => u.Package)
                .Select(g => $"{g.Key}: {SbomGenerator.PackageList([.. g])}")
                .ToList();
            var count = byScanner.SelectMany(r => r.Unmatched).Distinct().Count();
            diagnostics.Add(new ScDiagnostic(DiagnosticIds.PackagesNotMatched, required ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, byScanner.Key, count, report.Subject, string.Join("; ", reasons)));
        }

        return requiredFailed;
    }
}
