using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning.Database;

/// <summary>
/// One NuGet source's update: the service index → the <c>VulnerabilityInfo/6.7.0</c> resource → its index of pages
/// (<c>[{"@name", "@id", "@updated"}]</c>) → each page. A page whose <c>@updated</c> is unchanged is not downloaded
/// (or only conditionally, when an ETag is stored); a changed page replaces the page's records; a page gone from the
/// index takes its records with it. Everything happens in the source's one transaction.
/// </summary>
internal sealed class NuGetSourceImport(VulnerabilityDatabaseWriter writer, VulnerabilityFeedClient feed, TimeProvider time, VulnerabilitySource source, List<ScDiagnostic> warnings)
{
    public const string ResourceType = "VulnerabilityInfo/6.7.0";

    // Service indexes and the vulnerability index are small; pages of nuget.org are a few MB.
    private const long MaxIndexBytes = 16L << 20;

    public async Task<VulnerabilitySourceUpdate> RunAsync(CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.Location, UriKind.Absolute, out var serviceIndex) || serviceIndex.IsFile)
        {
            throw new ScException(DiagnosticIds.NuGetServiceIndexInvalid, source.Location, "it is not an http(s) URL");
        }

        var resource = await FindResourceAsync(serviceIndex, cancellationToken).ConfigureAwait(false);
        var pages = await ReadIndexAsync(resource, cancellationToken).ConfigureAwait(false);

        await using var transaction = await writer.BeginAsync(source, cancellationToken).ConfigureAwait(false);
        var stored = await transaction.ReadPagesAsync(cancellationToken).ConfigureAwait(false);
        var changedPages = 0;
        foreach (var page in pages)
        {
            stored.TryGetValue(page.Name, out var previous);
            var sameUpdate = stored.ContainsKey(page.Name) && string.Equals(previous.Updated, page.Updated, StringComparison.Ordinal);
            if (sameUpdate && previous.ETag is null)
            {
                continue;
            }

            using var download = await feed.GetAsync(page.Uri, sameUpdate ? previous.ETag : null, null, source.AllowInsecure, cancellationToken).ConfigureAwait(false);
            if (download.NotModified)
            {
                continue;
            }

            changedPages++;
            await ImportPageAsync(transaction, page, download, cancellationToken).ConfigureAwait(false);
        }

        foreach (var gone in stored.Keys.Except(pages.Select(p => p.Name), StringComparer.Ordinal).ToList())
        {
            changedPages++;
            await transaction.RemovePageAsync(gone, forget: true, cancellationToken).ConfigureAwait(false);
        }

        var count = await transaction.CommitAsync(null, null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return VulnerabilityDatabaseUpdater.Completed(source, transaction.Counts, count, notModified: changedPages == 0, warnings);
    }

    private async Task ImportPageAsync(SourceImportTransaction transaction, NuGetPage page, FeedDownload download, CancellationToken cancellationToken)
    {
        var (records, problems) = await ReadJsonAsync(download, page.Uri, document =>
        {
            try
            {
                return NuGetVulnerabilityConverter.Convert(document.RootElement);
            }
            catch (JsonException ex)
            {
                throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, VulnerabilityFeedClient.Redact(page.Uri), ex.Message);
            }
        }, cancellationToken).ConfigureAwait(false);

        foreach (var problem in problems)
        {
            transaction.Counts.Skipped++;
            if (warnings.Count < VulnerabilityDatabaseUpdater.MaxWarnings)
            {
                warnings.Add(new ScDiagnostic(DiagnosticIds.NuGetVulnerabilityEntrySkipped, DiagnosticSeverity.Warning, source.Name, page.Name, problem.PackageId, problem.Problem));
            }
        }

        // The page is replaced: records no longer in it go, the others are upserted (so unchanged ones count as such).
        var kept = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        await transaction.RemovePageRecordsExceptAsync(page.Name, kept, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            await transaction.UpsertAsync(record, page.Name, cancellationToken).ConfigureAwait(false);
        }

        await transaction.SavePageAsync(page.Name, page.Updated, download.ETag, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Uri> FindResourceAsync(Uri serviceIndex, CancellationToken cancellationToken)
    {
        using var download = await feed.GetAsync(serviceIndex, null, null, source.AllowInsecure, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(download, serviceIndex, document =>
        {
            var redacted = VulnerabilityFeedClient.Redact(serviceIndex);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
            {
                throw new ScException(DiagnosticIds.NuGetServiceIndexInvalid, redacted, "it has no 'resources' array");
            }

            foreach (var resource in resources.EnumerateArray())
            {
                if (resource.ValueKind == JsonValueKind.Object && HasType(resource, ResourceType)
                    && resource.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(serviceIndex, id.GetString(), out var uri))
                {
                    return uri;
                }
            }

            throw new ScException(DiagnosticIds.NuGetVulnerabilityResourceMissing, redacted);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<NuGetPage>> ReadIndexAsync(Uri resource, CancellationToken cancellationToken)
    {
        using var download = await feed.GetAsync(resource, null, null, source.AllowInsecure, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(download, resource, document =>
        {
            var redacted = VulnerabilityFeedClient.Redact(resource);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, redacted, "the index is not a JSON array of pages");
            }

            var pages = new List<NuGetPage>();
            foreach (var page in document.RootElement.EnumerateArray())
            {
                if (page.ValueKind != JsonValueKind.Object
                    || !page.TryGetProperty("@name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString())
                    || !page.TryGetProperty("@id", out var id) || id.ValueKind != JsonValueKind.String
                    || !Uri.TryCreate(resource, id.GetString(), out var uri))
                {
                    throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, redacted, "a page has no '@name' or no '@id' URL");
                }

                var updated = page.TryGetProperty("@updated", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                pages.Add(new NuGetPage(name.GetString()!, uri, updated));
            }

            if (pages.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != pages.Count)
            {
                throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, redacted, "two pages have the same '@name'");
            }

            return (IReadOnlyList<NuGetPage>)pages;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool HasType(JsonElement resource, string type) =>
        resource.TryGetProperty("@type", out var value) && value.ValueKind switch
        {
            JsonValueKind.String => string.Equals(value.GetString(), type, StringComparison.Ordinal),
            JsonValueKind.Array => value.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), type, StringComparison.Ordinal)),
            _ => false,
        };

    private static async Task<T> ReadJsonAsync<T>(FeedDownload download, Uri uri, Func<JsonDocument, T> read, CancellationToken cancellationToken)
    {
        if (download.FilePath is null)
        {
            throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, VulnerabilityFeedClient.Redact(uri), "the server answered 304 Not Modified to an unconditional request");
        }

        if (new FileInfo(download.FilePath).Length > MaxIndexBytes * 8)
        {
            throw new ScException(DiagnosticIds.VulnerabilityFeedTooLarge, VulnerabilityFeedClient.Redact(uri), MaxIndexBytes * 8);
        }

        await using var stream = new FileStream(download.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, useAsync: true);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new ScException(DiagnosticIds.NuGetVulnerabilityDataInvalid, VulnerabilityFeedClient.Redact(uri), ex.Message);
        }

        using (document)
        {
            return read(document);
        }
    }

    private sealed record NuGetPage(string Name, Uri Uri, string? Updated);
}
