using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Rekor;

/// <summary>
/// Rekor's v1 API: <c>POST /api/v1/log/entries</c>. A 409 Conflict means an equivalent entry is already logged (a
/// retried upload whose first answer was lost): the entry named by <c>Location</c> is fetched and used, after its body
/// is checked to be an entry for this very signature; a log that points elsewhere is refused.
/// </summary>
internal sealed class RekorClient(Uri baseUri, SigstoreHttp http)
{
    public const string Service = "Rekor";

    public async Task<TransparencyLogEntry> CreateEntryAsync(RekorEntryContent content, CancellationToken cancellationToken)
    {
        var uri = new Uri(baseUri, "api/v1/log/entries");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(content.ToProposedEntry().ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, answer, response) = await http.SendAsync(request, Service, cancellationToken).ConfigureAwait(false);
        TransparencyLogEntry entry;
        using (response)
        {
            if (status == HttpStatusCode.Conflict)
            {
                var location = response.Headers.Location ?? throw new ScException(DiagnosticIds.RekorConflictUnresolved, uri.GetLeftPart(UriPartial.Path), "the 409 answer names no Location");
                entry = await GetEntryAsync(location.IsAbsoluteUri ? location : new Uri(baseUri, location), cancellationToken).ConfigureAwait(false);
                if (content.Mismatch(entry.Body) is { } conflict)
                {
                    throw new ScException(DiagnosticIds.RekorConflictMismatch, location, conflict);
                }

                return entry;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw SigstoreHttp.Failed(Service, uri, status, answer);
            }

            entry = TransparencyLogEntry.FromRekorAnswer(answer);
        }

        if (content.Mismatch(entry.Body) is { } problem)
        {
            throw new ScException(DiagnosticIds.RekorConflictMismatch, uri, problem);
        }

        return entry;
    }

    private async Task<TransparencyLogEntry> GetEntryAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, answer, response) = await http.SendAsync(request, Service, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw SigstoreHttp.Failed(Service, uri, status, answer);
            }
        }

        return TransparencyLogEntry.FromRekorAnswer(answer);
    }
}
