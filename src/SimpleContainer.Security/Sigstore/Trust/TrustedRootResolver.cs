using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Tuf;

namespace SimpleContainer.Security.Sigstore.Trust;

/// <summary>
/// The trusted root verification uses: ScTrustedRoot when given; else the <c>trusted_root.json</c> target of the
/// TUF repository, refreshed on every call. A mirror that cannot be reached is fail-open (SCSEC5135, a warning): the
/// target cached by the last good refresh, else for the public-good repository the snapshot shipped in the package.
/// What the mirror serves that does not verify (signatures, threshold, rollback, expiry, hashes) is an attack
/// indicator and an error: nothing is used in its place.
/// </summary>
public static class TrustedRootResolver
{
    public const string TargetName = "trusted_root.json";
    private const string PublicGoodRootResource = "SimpleContainer.Security.Sigstore.Tuf.public-good-root.json";

    public static async Task<TrustedRoot> ResolveAsync(TrustedRootOptions options, Action<ScDiagnostic> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        if (!string.IsNullOrEmpty(options.TrustedRootPath))
        {
            return TrustedRoot.Load(options.TrustedRootPath);
        }

        var mirror = new Uri(options.TufUrl.AbsoluteUri.EndsWith('/') ? options.TufUrl.AbsoluteUri : options.TufUrl.AbsoluteUri + "/");
        var cacheFolder = RepositoryCacheFolder(options.CacheFolder, mirror);
        var updater = new TufUpdater(new TufRepositoryOptions
        {
            MirrorUrl = mirror,
            InitialRoot = InitialRoot(options),
            CacheFolder = cacheFolder,
            Handler = options.Handler,
            Time = options.Time,
        });
        try
        {
            var target = await updater.FetchTargetAsync(TargetName, cancellationToken).ConfigureAwait(false);
            var root = TrustedRoot.Parse(target.Content, $"{TargetName} from TUF {mirror}");
            report(new ScDiagnostic(DiagnosticIds.TufTrustedRootRefreshed, DiagnosticSeverity.Message, mirror, target.RootVersion, target.TargetsVersion));
            return root;
        }
        catch (TufTransportException ex)
        {
            var cached = cacheFolder is null ? null : Path.Combine(cacheFolder, "targets", TargetName);
            if (cached is not null && File.Exists(cached))
            {
                report(new ScDiagnostic(DiagnosticIds.TufUnavailable, DiagnosticSeverity.Warning, mirror, ex.Message, cached));
                return TrustedRoot.Load(cached);
            }

            if (options.IsPublicGood)
            {
                var root = TrustedRoot.PublicGood();
                report(new ScDiagnostic(DiagnosticIds.TufUnavailable, DiagnosticSeverity.Warning, mirror, ex.Message, root.Source));
                return root;
            }

            throw new ScException(DiagnosticIds.TufNoTrustedRoot, mirror, ex.Message);
        }
    }

    /// <summary>As sigstore-js names it: <c>&lt;cache&gt;/tuf/&lt;url-encoded host + path&gt;</c>.</summary>
    internal static string? RepositoryCacheFolder(string? cacheFolder, Uri mirror) =>
        cacheFolder is null ? null : Path.Combine(cacheFolder, "tuf", Uri.EscapeDataString(mirror.Authority + mirror.AbsolutePath.TrimEnd('/')));

    private static byte[] InitialRoot(TrustedRootOptions options)
    {
        if (!string.IsNullOrEmpty(options.TufRootPath))
        {
            try
            {
                return File.ReadAllBytes(options.TufRootPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ScException(DiagnosticIds.TufRootInvalid, options.TufRootPath, ex.Message);
            }
        }

        if (!options.IsPublicGood)
        {
            throw new ScException(DiagnosticIds.TufRootInvalid, "(none)", $"the TUF repository {options.TufUrl} is not Sigstore's public-good one, so its initial root.json must be given with ScTufRoot or --tuf-root");
        }

        using var stream = typeof(TrustedRootResolver).Assembly.GetManifestResourceStream(PublicGoodRootResource) ?? throw new InvalidOperationException("The public-good TUF root is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
