using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// A client for the OCI distribution API: manifests, blobs, tags and referrers. Everything read is checked against
/// its digest; manifests are always requested with an explicit Accept header and capped in size.
/// Thread-safe; one instance serves many registries and parallel operations.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryHttp _http;
    private readonly RegistryClientOptions _options;

    public RegistryClient(RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        _http = new RegistryHttp(_options);
    }

    /// <summary>Reads a manifest or index by tag or digest, verifying its digest.</summary>
    public async Task<ManifestContent> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        using var response = await SendManifestRequestAsync(HttpMethod.Get, reference, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response, _options.MaxManifestBytes, $"manifest {reference}", cancellationToken).ConfigureAwait(false);
        var mediaType = MediaTypeOf(response, bytes);
        var actual = Digest.Sha256(bytes);
        var expected = reference.Digest ?? HeaderDigest(response);
        if (expected is { } digest)
        {
            digest.Verify(bytes, $"manifest {reference}");
            actual = digest;
        }

        return new ManifestContent(bytes, mediaType, actual);
    }

    /// <summary>Resolves a tag or digest to a descriptor with a HEAD request (falls back to GET when the registry omits the digest header).</summary>
    public async Task<Descriptor> ResolveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        using (var response = await SendManifestRequestAsync(HttpMethod.Head, reference, cancellationToken).ConfigureAwait(false))
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (HeaderDigest(response) is { } digest && response.Content.Headers.ContentLength is { } length && MediaTypes.IsManifest(mediaType))
            {
                if (reference.Digest is { } wanted && wanted != digest)
                {
                    throw new ScException(DiagnosticIds.DigestMismatch, $"manifest {reference}", wanted, digest);
                }

                return new Descriptor { MediaType = mediaType!, Digest = digest, Size = length };
            }
        }

        return (await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false)).ToDescriptor();
    }

    /// <summary>The digest a tag points at now (HEAD), or null when the tag does not exist.</summary>
    public async Task<Digest?> TryResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await ResolveAsync(reference, cancellationToken).ConfigureAwait(false)).Digest;
        }
        catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.ManifestNotFound)
        {
            return null;
        }
    }

    /// <summary>Whether a manifest exists for a tag or digest.</summary>
    public async Task<bool> ManifestExistsAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await SendManifestRequestAsync(HttpMethod.Head, reference, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.ManifestNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Pushes a manifest under <paramref name="tagOrDigest"/> (the reference's tag, else its digest form).
    /// The registry's answer must name the digest of the bytes sent.
    /// </summary>
    public Task<PushManifestResult> PutManifestAsync(ImageReference repository, ReadOnlyMemory<byte> content, string mediaType, string? tagOrDigest = null, CancellationToken cancellationToken = default) =>
        PutManifestAsync(repository, content, mediaType, tagOrDigest, retryTransientFailures: true, cancellationToken);

    /// <summary>
    /// As above; a read-modify-write caller passes <paramref name="retryTransientFailures"/> false, because a retry
    /// after a backoff would send content read before a concurrent writer's update. The caller re-reads instead.
    /// </summary>
    internal async Task<PushManifestResult> PutManifestAsync(ImageReference repository, ReadOnlyMemory<byte> content, string mediaType, string? tagOrDigest, bool retryTransientFailures, CancellationToken cancellationToken)
    {
        if (content.Length > _options.MaxManifestBytes)
        {
            throw new ScException(DiagnosticIds.ContentTooLarge, $"manifest for {repository.Name}", content.Length, _options.MaxManifestBytes);
        }

        var digest = Digest.Sha256(content.Span);
        var reference = tagOrDigest ?? repository.Tag ?? digest.ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PutManifestOnceAsync(repository, content, mediaType, digest, reference, retryTransientFailures, cancellationToken).ConfigureAwait(false);
            }
            catch (ScException ex) when (retryTransientFailures && attempt < BlobUnknownAttempts && ex.Diagnostic.ResourceKey == DiagnosticIds.ManifestBlobUnknown)
            {
                // distribution's filesystem storage writes a blob's link file in place: while another writer commits the
                // same blob (a shared empty config, a layer two pushes share), a manifest naming it can be refused as
                // DIGEST_INVALID/MANIFEST_BLOB_UNKNOWN for a moment. The same manifest is sent again: nothing was written.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * attempt), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How many times a manifest refused for a blob the registry does not (yet) show is sent.</summary>
    private const int BlobUnknownAttempts = 4;

    private async Task<PushManifestResult> PutManifestOnceAsync(ImageReference repository, ReadOnlyMemory<byte> content, string mediaType, Digest digest, string reference, bool retryTransientFailures, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository)],
            baseUri =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, new Uri(baseUri, $"v2/{repository.Repository}/manifests/{reference}"))
                {
                    Content = new ReadOnlyMemoryContent(content),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                request.Options.Set(RegistryHttp.NoRetry, !retryTransientFailures);
                return request;
            },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created && !response.IsSuccessStatusCode)
        {
            var error = await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.BadRequest && error.Message.Contains("MANIFEST_BLOB_UNKNOWN", StringComparison.Ordinal))
            {
                throw new ScException(new ScDiagnostic(DiagnosticIds.ManifestBlobUnknown, DiagnosticSeverity.Error, $"{repository.Name}:{reference}", error.Diagnostic.Args[3]), error);
            }

            throw error;
        }

        if (HeaderDigest(response) is { } answered && answered != digest)
        {
            throw new ScException(DiagnosticIds.DigestMismatch, $"manifest pushed to {repository.Name}:{reference}", digest, answered);
        }

        var subject = response.Headers.TryGetValues("OCI-Subject", out var values) ? values.FirstOrDefault() : null;
        return new PushManifestResult(new Descriptor { MediaType = mediaType, Digest = digest, Size = content.Length }, subject);
    }

    /// <summary>Deletes a manifest by digest (registries refuse deletion by tag).</summary>
    public async Task DeleteManifestAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken = default)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository)],
            baseUri => new HttpRequestMessage(HttpMethod.Delete, new Uri(baseUri, $"v2/{repository.Repository}/manifests/{digest}")),
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every tag of a repository, following <c>Link</c> pagination.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var first = $"v2/{repository.Repository}/tags/list" + (pageSize is { } n ? $"?n={n}" : string.Empty);
        var tags = new List<string>();
        await foreach (var page in PagesAsync(repository.Registry, [RegistryHttp.PullScope(repository.Repository)], first, cancellationToken).ConfigureAwait(false))
        {
            if (page.RootElement.TryGetProperty("tags", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                tags.AddRange(array.EnumerateArray().Select(t => t.GetString()).OfType<string>());
            }
        }

        return tags;
    }

    /// <summary>Lists the repositories of a registry (<c>/v2/_catalog</c>), following <c>Link</c> pagination.</summary>
    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(string registry, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var first = "v2/_catalog" + (pageSize is { } n ? $"?n={n}" : string.Empty);
        var repositories = new List<string>();
        await foreach (var page in PagesAsync(registry, ["registry:catalog:*"], first, cancellationToken).ConfigureAwait(false))
        {
            if (page.RootElement.TryGetProperty("repositories", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                repositories.AddRange(array.EnumerateArray().Select(t => t.GetString()).OfType<string>());
            }
        }

        return repositories;
    }

    public void Dispose() => _http.Dispose();

    private async IAsyncEnumerable<JsonDocument> PagesAsync(
        string registry, IReadOnlyList<string> scopes, string firstPath, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = null;
        for (var page = 0; ; page++)
        {
            if (page >= _options.MaxPages)
            {
                throw new ScException(DiagnosticIds.TooManyPages, next, _options.MaxPages);
            }

            var current = next;
            using var response = await _http.SendAsync(
                registry,
                scopes,
                baseUri => new HttpRequestMessage(HttpMethod.Get, current ?? new Uri(baseUri, firstPath)),
                cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0 && firstPath.Contains("/tags/list", StringComparison.Ordinal))
            {
                yield break;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var bytes = await ReadBoundedAsync(response, _options.MaxManifestBytes, response.RequestMessage!.RequestUri!.AbsolutePath, cancellationToken).ConfigureAwait(false);
            using (var document = JsonDocument.Parse(bytes))
            {
                yield return document;
            }

            next = PageLinks.Next(response);
            if (next is null)
            {
                yield break;
            }
        }
    }

    private Task<HttpResponseMessage> SendManifestRequestAsync(HttpMethod method, ImageReference reference, CancellationToken cancellationToken) =>
        SendManifestRequestAsync(method, reference, MediaTypes.ManifestAccept, cancellationToken);

    private async Task<HttpResponseMessage> SendManifestRequestAsync(HttpMethod method, ImageReference reference, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        var response = await _http.SendAsync(
            reference.Registry,
            [RegistryHttp.PullScope(reference.Repository)],
            baseUri =>
            {
                var request = new HttpRequestMessage(method, new Uri(baseUri, $"v2/{reference.Repository}/manifests/{reference.Reference}"));
                foreach (var mediaType in accept)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }

                return request;
            },
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new ScException(DiagnosticIds.ManifestNotFound, reference.Reference, reference.Name);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private static string MediaTypeOf(HttpResponseMessage response, byte[] bytes)
    {
        var header = response.Content.Headers.ContentType?.MediaType;
        var mediaType = MediaTypes.IsManifest(header) ? header! : OciJson.PeekMediaType(bytes) ?? header ?? string.Empty;
        if (!MediaTypes.IsManifest(mediaType))
        {
            throw new ScException(DiagnosticIds.UnsupportedMediaType, response.RequestMessage?.RequestUri?.AbsolutePath, mediaType);
        }

        return mediaType;
    }

    private static Digest? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new ScException(DiagnosticIds.ContentTooLarge, what, declared, limit);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ScException(DiagnosticIds.ContentTooLarge, what, buffer.Length + read, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>What a manifest push produced; <see cref="OciSubject"/> is set when the registry processed a <c>subject</c> (OCI 1.1).</summary>
public sealed record PushManifestResult(Descriptor Descriptor, string? OciSubject);
