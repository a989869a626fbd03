using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// Read-modify-write of one tag without conditional PUT (most registries have none). Two defences against a
/// concurrent writer putting back a view without our entry: just before its PUT a writer checks (HEAD) that the tag
/// still has the digest it read, and skips the write otherwise, which shrinks the stale window to HEAD-to-PUT; and a
/// writer returns only after its entry has survived two reads a random moment apart, merging again otherwise.
/// Used by the referrers fallback index and cosign's <c>.sig</c>/<c>.att</c> tags.
/// </summary>
internal static class ConfirmedTagUpdate
{
    private const int MaxAttempts = 20;

    /// <param name="containsOurEntryAsync">Reads the tag's current content; true when it already holds our entry.</param>
    /// <param name="writeMergedAsync">Writes the content last read merged with our entry, unless the tag changed since (see <see cref="PutIfUnchangedAsync"/>).</param>
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

                // Longer than a concurrent writer's read-to-write gap, which includes uploading its config blob: with
                // 20-80 ms the 8-writer test lost entries on this 2-core machine; 50-200 ms has not.
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

    /// <summary>Puts a manifest under a tag only if the tag still has <paramref name="observed"/> (null: still absent); false when it moved.</summary>
    public static async Task<bool> PutIfUnchangedAsync(RegistryClient client, ImageReference tag, Digest? observed, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken)
    {
        if (await client.TryResolveDigestAsync(tag, cancellationToken).ConfigureAwait(false) != observed)
        {
            return false;
        }

        await client.PutManifestAsync(tag, manifest, mediaType, tag.Tag, retryTransientFailures: false, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static bool IsTransient(ScException exception) =>
        exception.Diagnostic.ResourceKey == DiagnosticIds.ManifestBlobUnknown
        || (exception.Diagnostic.ResourceKey == DiagnosticIds.RegistryRequestFailed && exception.Diagnostic.Args[2] is int status && (status == 429 || status >= 500));
}
