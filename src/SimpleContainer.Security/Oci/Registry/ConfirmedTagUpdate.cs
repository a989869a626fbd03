using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// Read-modify-write of one tag without conditional PUT (most registries have none). A concurrent writer that read
/// before our write can put back its own view without our entry, so a writer returns only after its entry has
/// survived two reads a random moment apart, and merges again otherwise. Used by the referrers fallback index and
/// cosign's <c>.sig</c>/<c>.att</c> tags.
/// </summary>
internal static class ConfirmedTagUpdate
{
    private const int MaxAttempts = 20;

    /// <param name="containsOurEntryAsync">Reads the tag's current content; true when it already holds our entry.</param>
    /// <param name="writeMergedAsync">Writes the current content merged with our entry.</param>
    /// <param name="failure">The error to raise when the tag keeps changing.</param>
    public static async Task RunAsync(
        Func<CancellationToken, Task<bool>> containsOurEntryAsync,
        Func<CancellationToken, Task> writeMergedAsync,
        Func<Exception> failure,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var confirmations = 0;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await containsOurEntryAsync(cancellationToken).ConfigureAwait(false))
            {
                if (++confirmations == 2)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(150)), timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            confirmations = 0;
            try
            {
                await writeMergedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ScException ex) when (IsTransient(ex))
            {
                // A concurrent writer is still committing a blob both of us reference, or the registry stumbled on
                // concurrent tag writes: read again and merge again rather than resend stale content.
                await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(150)), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        throw failure();
    }

    private static bool IsTransient(ScException exception) =>
        exception.Diagnostic.ResourceKey == DiagnosticIds.ManifestBlobUnknown
        || (exception.Diagnostic.ResourceKey == DiagnosticIds.RegistryRequestFailed && exception.Diagnostic.Args[2] is int status && (status == 429 || status >= 500));
}
