using System.Net;
using System.Net.Http.Headers;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Oci.Registry;

public sealed partial class RegistryClient
{
    /// <summary>Whether the repository has the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken = default)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PullScope(repository.Repository)],
            baseUri => new HttpRequestMessage(HttpMethod.Head, BlobUri(baseUri, repository, digest)),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        return response.IsSuccessStatusCode ? true : throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a small blob (config, signature payload, attestation) into memory, verifying its digest.</summary>
    public Task<byte[]> GetBlobAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken = default) =>
        ReadBlobAsync(repository, digest, null, _options.MaxInMemoryBlobBytes, cancellationToken);

    /// <summary>
    /// Reads a small blob into memory, verifying its digest and its declared size; refuses it, without downloading,
    /// when the descriptor declares more than <paramref name="maxBytes"/> (and stops reading at that many).
    /// </summary>
    public Task<byte[]> GetBlobAsync(ImageReference repository, Descriptor descriptor, long maxBytes, CancellationToken cancellationToken = default)
    {
        var limit = Math.Min(maxBytes, _options.MaxInMemoryBlobBytes);
        return descriptor.Size > limit
            ? throw new ScException(DiagnosticIds.ContentTooLarge, $"blob {descriptor.Digest}", descriptor.Size, limit)
            : ReadBlobAsync(repository, descriptor.Digest, descriptor.Size, limit, cancellationToken);
    }

    private async Task<byte[]> ReadBlobAsync(ImageReference repository, Digest digest, long? size, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await OpenBlobAsync(repository, digest, size, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ScException(DiagnosticIds.ContentTooLarge, $"blob {digest}", buffer.Length + read, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Opens a blob for streaming. The stream verifies the digest (and size, when given) and throws at its end when
    /// they do not match, so consume it to the end before trusting what was read.
    /// </summary>
    public async Task<Stream> OpenBlobAsync(ImageReference repository, Digest digest, long? size = null, CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PullScope(repository.Repository)],
            baseUri => new HttpRequestMessage(HttpMethod.Get, BlobUri(baseUri, repository, digest)),
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new ScException(DiagnosticIds.BlobNotFound, digest, repository.Name);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new DigestVerifyingStream(new ResponseOwningStream(body, response), digest, size, $"blob {digest} in {repository.Name}");
    }

    /// <summary>
    /// Uploads a blob unless the repository has it: POST then PUT, or POST, PATCH chunks and a closing PUT for blobs
    /// larger than the chunk size. <paramref name="content"/> is read from its current position.
    /// </summary>
    public async Task<Descriptor> PushBlobAsync(ImageReference repository, Descriptor descriptor, Stream content, CancellationToken cancellationToken = default)
    {
        if (await BlobExistsAsync(repository, descriptor.Digest, cancellationToken).ConfigureAwait(false))
        {
            return descriptor;
        }

        var location = await StartUploadAsync(repository, null, cancellationToken).ConfigureAwait(false)
            ?? throw new ScException(DiagnosticIds.UploadFailed, descriptor.Digest, repository.Name, "the registry started no upload session");
        var buffer = new byte[(int)Math.Min(Math.Max(descriptor.Size, 1), _options.ChunkSize)];
        long offset = 0;
        while (true)
        {
            var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            var isLast = offset + filled >= descriptor.Size || filled < buffer.Length;
            if (isLast)
            {
                await FinishUploadAsync(repository, location, descriptor.Digest, buffer.AsMemory(0, filled), offset, cancellationToken).ConfigureAwait(false);
                offset += filled;
                break;
            }

            location = await PatchChunkAsync(repository, location, buffer.AsMemory(0, filled), offset, descriptor.Digest, cancellationToken).ConfigureAwait(false);
            offset += filled;
        }

        if (offset != descriptor.Size)
        {
            throw new ScException(DiagnosticIds.UploadFailed, descriptor.Digest, repository.Name, $"{offset} bytes were read where the descriptor says {descriptor.Size}");
        }

        return descriptor;
    }

    /// <summary>Uploads an in-memory blob; returns its descriptor.</summary>
    public async Task<Descriptor> PushBlobAsync(ImageReference repository, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var descriptor = new Descriptor { MediaType = mediaType, Digest = Digest.Sha256(content.Span), Size = content.Length };
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return await PushBlobAsync(repository, descriptor, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Mounts a blob from another repository of the same registry. Returns false when the registry did not mount it
    /// (it then opened an upload session, which is cancelled), so the caller uploads instead.
    /// </summary>
    public async Task<bool> MountBlobAsync(ImageReference repository, Digest digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository), RegistryHttp.PullScope(fromRepository)],
            baseUri => new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"v2/{repository.Repository}/blobs/uploads/?mount={digest}&from={Uri.EscapeDataString(fromRepository)}")),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } session)
        {
            var cancel = Resolve(response, session);
            using var _ = await _http.SendAsync(repository.Registry, [RegistryHttp.PushScope(repository.Repository)], __ => new HttpRequestMessage(HttpMethod.Delete, cancel), cancellationToken).ConfigureAwait(false);
            return false;
        }

        throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Uri?> StartUploadAsync(ImageReference repository, string? query, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository)],
            baseUri => new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"v2/{repository.Repository}/blobs/uploads/{query}")),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return response.Headers.Location is { } location ? Resolve(response, location) : null;
    }

    private async Task<Uri> PatchChunkAsync(ImageReference repository, Uri location, ReadOnlyMemory<byte> chunk, long offset, Digest digest, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository)],
            _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ReadOnlyMemoryContent(chunk) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + chunk.Length - 1}");
                return request;
            },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var error = await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new ScException(new ScDiagnostic(DiagnosticIds.UploadFailed, DiagnosticSeverity.Error, digest, repository.Name, error.Diagnostic.Text), error);
        }

        return response.Headers.Location is { } next ? Resolve(response, next) : location;
    }

    private async Task FinishUploadAsync(ImageReference repository, Uri location, Digest digest, ReadOnlyMemory<byte> lastChunk, long offset, CancellationToken cancellationToken)
    {
        var target = AppendQuery(location, "digest=" + Uri.EscapeDataString(digest.ToString()));
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PushScope(repository.Repository)],
            _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, target) { Content = new ReadOnlyMemoryContent(lastChunk) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                if (offset > 0 && lastChunk.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + lastChunk.Length - 1}");
                }

                return request;
            },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var error = await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw new ScException(new ScDiagnostic(DiagnosticIds.UploadFailed, DiagnosticSeverity.Error, digest, repository.Name, error.Diagnostic.Text), error);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private static Uri BlobUri(Uri baseUri, ImageReference repository, Digest digest) => new(baseUri, $"v2/{repository.Repository}/blobs/{digest}");

    private static Uri Resolve(HttpResponseMessage response, Uri location) =>
        location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);

    private static Uri AppendQuery(Uri uri, string query)
    {
        var builder = new UriBuilder(uri);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
        return builder.Uri;
    }

    /// <summary>Keeps the HTTP response alive as long as its body stream is read.</summary>
    private sealed class ResponseOwningStream(Stream inner, HttpResponseMessage response) : ReadOnlyStream
    {
        public override long Length => inner.Length;

        public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Advance(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
