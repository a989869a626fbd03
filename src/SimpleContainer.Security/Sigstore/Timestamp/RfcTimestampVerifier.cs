using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Sigstore.Timestamp;

/// <summary>
/// Checks an RFC 3161 timestamp of a signature against the trusted root's timestamp authorities: (1) the response is
/// granted and holds a token; (2) its message imprint is the hash of the signature bytes (SCSEC5142); (3) the token's
/// CMS signature verifies and its signer chains to a timestamp authority of the root valid at the token's time
/// (SCSEC5141). Returns that time, a signing time the certificate must have been valid at.
/// </summary>
public static class RfcTimestampVerifier
{
    public static DateTimeOffset Verify(byte[] timestampResponse, ReadOnlySpan<byte> signature, TrustedRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var token = Decode(timestampResponse);
        var info = token.TokenInfo;
        var algorithm = info.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            var other => throw new ScException(DiagnosticIds.TimestampUntrusted, $"the message imprint uses the unsupported hash {other}"),
        };
        var hash = algorithm == HashAlgorithmName.SHA256 ? SHA256.HashData(signature) : algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(signature) : SHA512.HashData(signature);
        if (!info.GetMessageHash().Span.SequenceEqual(hash))
        {
            throw new ScException(DiagnosticIds.TimestampMismatch, Convert.ToHexStringLower(info.GetMessageHash().Span), Convert.ToHexStringLower(hash));
        }

        var genTime = info.Timestamp;
        var candidates = new X509Certificate2Collection();
        foreach (var authority in root.TimestampAuthorities)
        {
            candidates.AddRange(authority.Chain.ToArray());
        }

        if (!token.VerifySignatureForHash(hash, algorithm, out var signer, candidates) || signer is null)
        {
            throw new ScException(DiagnosticIds.TimestampUntrusted, "its signature does not verify with a certificate it or the trusted root carries");
        }

        var problems = new List<string>();
        foreach (var authority in root.TimestampAuthorities.Where(a => a.Chain.Count > 0))
        {
            if (!authority.ValidFor.Contains(genTime))
            {
                problems.Add($"{authority.Uri} was not valid at {genTime:O}");
                continue;
            }

            if (authority.TryBuildChain(signer, genTime, out _, out var problem))
            {
                return genTime;
            }

            problems.Add(problem);
        }

        throw new ScException(DiagnosticIds.TimestampUntrusted, problems.Count == 0 ? $"{root.Source} names no timestamp authority" : string.Join("; ", problems));
    }

    /// <summary>The token of a DER TimeStampResp (RFC 3161 §2.4.2: status, then the token), or of a bare token.</summary>
    private static Rfc3161TimestampToken Decode(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var response = reader.ReadSequence();
            ReadOnlyMemory<byte> tokenBytes = der;
            if (response.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var status = response.ReadSequence();
                var granted = status.TryReadInt32(out var code) && code is 0 or 1;
                if (!granted)
                {
                    throw new CryptographicException($"the response status is {code}, not granted");
                }

                tokenBytes = response.PeekEncodedValue();
            }

            if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _))
            {
                throw new CryptographicException("it holds no timestamp token");
            }

            return token;
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            throw new ScException(DiagnosticIds.TimestampUntrusted, "it is not an RFC 3161 timestamp: " + ex.Message);
        }
    }
}
