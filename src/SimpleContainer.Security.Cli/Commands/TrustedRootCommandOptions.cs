using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>The trusted root of a verify command: --trusted-root, else the TUF repository of --tuf-url/--tuf-root; TUF's notes go to stderr.</summary>
internal static class TrustedRootCommandOptions
{
    public static async Task<TrustedRoot> ResolveAsync(CliContext context, string? trustedRoot, string? tufUrl, string? tufRoot, CancellationToken cancellationToken)
    {
        if (tufUrl is { Length: > 0 } && !SecuritySettings.TufUrl.IsValid(tufUrl))
        {
            throw new ScException(DiagnosticIds.InvalidSettingValue, tufUrl, "--tuf-url", SecuritySettings.TufUrl.Allowed);
        }

        var notes = new List<ScDiagnostic>();
        var root = await TrustedRootResolver.ResolveAsync(
            new TrustedRootOptions
            {
                TrustedRootPath = trustedRoot is { Length: > 0 } ? Path.GetFullPath(trustedRoot) : null,
                TufUrl = new Uri(tufUrl is { Length: > 0 } ? tufUrl : TrustedRootOptions.PublicGoodTufUrl),
                TufRootPath = tufRoot is { Length: > 0 } ? Path.GetFullPath(tufRoot) : null,
                CacheFolder = TrustedRootOptions.DefaultCacheFolder(context.GetVariable),
            },
            notes.Add,
            cancellationToken).ConfigureAwait(false);
        foreach (var note in notes)
        {
            await context.Error.WriteLineAsync(note.Message).ConfigureAwait(false);
        }

        return root;
    }
}
