using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Oidc;

namespace SimpleContainer.Security.Sigstore.Fulcio;

/// <summary>A short-lived signing certificate from Fulcio: the leaf first, then its chain; and a detached SCT when Fulcio sent one.</summary>
public sealed record FulcioCertificate(X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Chain, string? DetachedSct)
{
    public string LeafPem => Leaf.ExportCertificatePem() + "\n";

    /// <summary>The chain above the leaf as PEM, as cosign writes it into <c>dev.sigstore.cosign/chain</c>.</summary>
    public string ChainPem => string.Concat(Chain.Select(c => c.ExportCertificatePem() + "\n"));
}

/// <summary>
/// Fulcio's v2 API: <c>POST /api/v2/signingCert</c> with the identity token, the ephemeral public key and a proof of
/// possession (the key's signature over the token's subject). Accepts the embedded-SCT and the detached-SCT answers.
/// </summary>
internal sealed class FulcioClient(Uri baseUri, SigstoreHttp http)
{
    public const string Service = "Fulcio";

    public async Task<FulcioCertificate> RequestCertificateAsync(OidcToken token, ECDsa key, CancellationToken cancellationToken)
    {
        var proof = key.SignData(Encoding.UTF8.GetBytes(token.ProofSubject), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var body = new JsonObject
        {
            ["credentials"] = new JsonObject { ["oidcIdentityToken"] = token.Jwt },
            ["publicKeyRequest"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["algorithm"] = "ECDSA", ["content"] = key.ExportSubjectPublicKeyInfoPem() },
                ["proofOfPossession"] = Convert.ToBase64String(proof),
            },
        };
        var uri = new Uri(baseUri, "api/v2/signingCert");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var (status, answer, response) = await http.SendAsync(request, Service, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw SigstoreHttp.Failed(Service, uri, status, answer);
            }
        }

        return Parse(answer, key);
    }

    internal static FulcioCertificate Parse(byte[] answer, ECDsa key)
    {
        try
        {
            var root = JsonNode.Parse(answer)?.AsObject() ?? throw new JsonException("empty answer");
            var embedded = root["signedCertificateEmbeddedSct"]?.AsObject();
            var detached = root["signedCertificateDetachedSct"]?.AsObject();
            var signed = embedded ?? detached ?? throw new JsonException("neither signedCertificateEmbeddedSct nor signedCertificateDetachedSct");
            var pems = signed["chain"]?["certificates"]?.AsArray().Select(c => c?.GetValue<string>() ?? string.Empty).ToList() ?? [];
            if (pems.Count == 0)
            {
                throw new JsonException("the chain is empty");
            }

            var certificates = pems.Select(p => X509Certificate2.CreateFromPem(p)).ToList();
            var leaf = certificates[0];
            using var leafKey = leaf.GetECDsaPublicKey() ?? throw new JsonException("the certificate's key is not ECDSA");
            if (!leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new JsonException("the certificate is for another public key than the one sent");
            }

            return new FulcioCertificate(leaf, certificates.Skip(1).ToList(), detached?["signedCertificateTimestamp"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or CryptographicException or FormatException)
        {
            throw new ScException(DiagnosticIds.FulcioAnswerInvalid, ex.Message);
        }
    }
}
