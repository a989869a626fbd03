using System.Net;
using System.Net.Http.Headers;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci.Registry;

/// <summary>
/// OCI 1.1 referrers: the API (<c>GET /v2/&lt;repo&gt;/referrers/&lt;digest&gt;</c>) where the registry has it, and the
/// referrers tag schema (an index tagged <c>sha256-&lt;hex&gt;</c>) where it answers 404, read and written here only.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>Lists the manifests that refer to <paramref name="subject"/>, optionally of one artifact type.</summary>
    public async Task<ReferrersResult> GetReferrersAsync(ImageReference repository, Digest subject, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        var query = artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType);
        using var response = await _http.SendAsync(
            repository.Registry,
            [RegistryHttp.PullScope(repository.Repository)],
            baseUri =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, $"v2/{repository.Repository}/referrers/{subject}{query}"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.OciIndex));
                return request;
            },
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            var fallback = await ReadFallbackIndexAsync(repository, subject, cancellationToken).ConfigureAwait(false);
            return new ReferrersResult(Filter(fallback?.AsIndex().Manifests ?? [], artifactType), UsedFallbackTag: true);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryHttp.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var bytes = await ReadBoundedAsync(response, _options.MaxManifestBytes, $"referrers of {subject}", cancellationToken).ConfigureAwait(false);
        var index = OciJson.Deserialize<ImageIndex>(bytes, $"referrers of {subject}", MediaTypes.OciIndex);
        var filtered = response.Headers.TryGetValues("OCI-Filters-Applied", out var applied) && applied.Any(a => a.Contains("artifactType", StringComparison.Ordinal));
        return new ReferrersResult(filtered ? index.Manifests : Filter(index.Manifests, artifactType), UsedFallbackTag: false);
    }

    /// <summary>
    /// Pushes a manifest that has a <c>subject</c>, by digest. When the registry does not process the subject
    /// (no <c>OCI-Subject</c> header), the descriptor is merged into the fallback index; the merge re-reads after
    /// each write, so concurrent writers do not lose each other's entries.
    /// </summary>
    public async Task<Descriptor> PushReferrerAsync(ImageReference repository, ReadOnlyMemory<byte> manifest, string mediaType, Digest subject, CancellationToken cancellationToken = default)
    {
        var parsed = OciJson.Deserialize<ImageManifest>(manifest.Span, "referrer manifest", mediaType);
        if (parsed.Subject?.Digest != subject)
        {
            throw new ScException(DiagnosticIds.InvalidManifest, "referrer manifest", mediaType, $"its subject is not {subject}");
        }

        var pushed = await PutManifestAsync(repository, manifest, mediaType, Digest.Sha256(manifest.Span).ToString(), cancellationToken).ConfigureAwait(false);
        var descriptor = pushed.Descriptor with
        {
            ArtifactType = parsed.ArtifactType ?? parsed.Config.MediaType,
            Annotations = parsed.Annotations,
        };
        if (pushed.OciSubject is not null)
        {
            return descriptor;
        }

        var tag = ImageReference.Create(repository.Registry, repository.Repository, subject.ToTagPrefix());
        IReadOnlyList<Descriptor> entries = [];
        Digest? observed = null;
        await ConfirmedTagUpdate.RunAsync(
            async ct =>
            {
                var current = await ReadFallbackIndexAsync(repository, subject, ct).ConfigureAwait(false);
                (entries, observed) = (current?.AsIndex().Manifests ?? [], current?.Digest);
                return entries.Any(e => e.Digest == descriptor.Digest);
            },
            ct => ConfirmedTagUpdate.PutIfUnchangedAsync(this, tag, observed, OciJson.Serialize(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. entries, descriptor] }), MediaTypes.OciIndex, ct),
            () => new ScException(DiagnosticIds.UploadFailed, descriptor.Digest, repository.Name, $"the referrers index {subject.ToTagPrefix()} kept changing under concurrent writers"),
            _options.TimeProvider,
            cancellationToken).ConfigureAwait(false);
        return descriptor;
    }

    private async Task<ManifestContent?> ReadFallbackIndexAsync(ImageReference repository, Digest subject, CancellationToken cancellationToken)
    {
        try
        {
            return await GetManifestAsync(ImageReference.Create(repository.Registry, repository.Repository, subject.ToTagPrefix()), cancellationToken).ConfigureAwait(false);
        }
        catch (ScException ex) when (ex.Diagnostic.ResourceKey == DiagnosticIds.ManifestNotFound)
        {
            return null;
        }
    }

    private static IReadOnlyList<Descriptor> Filter(IReadOnlyList<Descriptor> manifests, string? artifactType) =>
        artifactType is null ? manifests : manifests.Where(m => m.ArtifactType == artifactType).ToList();
}

/// <summary>The referrers of a subject, and whether they came from the tag-schema fallback.</summary>
public sealed record ReferrersResult(IReadOnlyList<Descriptor> Referrers, bool UsedFallbackTag);
