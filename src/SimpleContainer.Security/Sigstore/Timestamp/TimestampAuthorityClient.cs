using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Timestamp;

/// <summary>
/// An RFC 3161 timestamp authority over HTTP (<c>application/timestamp-query</c>, as cosign's and sigstore-js's TSA
/// clients send it): a SHA-256 imprint of the signature bytes, a nonce, the signer's certificates requested. The answer
/// is checked against the request (.NET's <see cref="Rfc3161TimestampRequest.ProcessResponse"/>: imprint, nonce,
/// signature) and kept as the DER TimeStampResp, what a Sigstore bundle's <c>signedTimestamp</c> holds.
/// </summary>
internal sealed class TimestampAuthorityClient(Uri url, SigstoreHttp http)
{
    public const string Service = "the timestamp authority";

    public async Task<byte[]> TimestampAsync(byte[] signature, CancellationToken cancellationToken)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(signature, HashAlgorithmName.SHA256, requestSignerCertificates: true, nonce: RandomNumberGenerator.GetBytes(8));
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(request.Encode()) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/timestamp-reply"));
        var (status, body, response) = await http.SendAsync(message, Service, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (status != HttpStatusCode.OK)
            {
                throw SigstoreHttp.Failed(Service, url, status, body);
            }
        }

        try
        {
            request.ProcessResponse(body, out var consumed);
            if (consumed != body.Length)
            {
                throw new CryptographicException($"{body.Length - consumed} bytes follow the response");
            }
        }
        catch (CryptographicException ex)
        {
            throw new ScException(DiagnosticIds.TimestampResponseInvalid, url, ex.Message);
        }

        return body;
    }
}
