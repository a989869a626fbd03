using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Trust;

/// <summary>A period a key or CA is trusted for; an open end means still valid.</summary>
public sealed record ValidityPeriod(DateTimeOffset Start, DateTimeOffset? End)
{
    public bool Contains(DateTimeOffset time) => time >= Start && (End is null || time <= End);
}

/// <summary>A transparency log (Rekor) or CT log: its key (DER SubjectPublicKeyInfo), id and validity.</summary>
public sealed record TrustedLog(string BaseUrl, byte[] LogId, byte[] PublicKey, ValidityPeriod ValidFor);

/// <summary>A certificate authority (Fulcio, or a timestamp authority): its chain, root last, and validity.</summary>
public sealed record TrustedCertificateAuthority(string Uri, IReadOnlyList<X509Certificate2> Chain, ValidityPeriod ValidFor)
{
    /// <summary>
    /// Builds the chain from <paramref name="leaf"/> to this authority's root as at <paramref name="at"/>, with no
    /// revocation check (short-lived certificates are judged at their signing time). <paramref name="issuer"/> is the
    /// leaf's issuer when the chain has one; <paramref name="problem"/> names the authority and what the chain reported.
    /// </summary>
    public bool TryBuildChain(X509Certificate2 leaf, DateTimeOffset at, out X509Certificate2? issuer, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(Chain[^1]);
        chain.ChainPolicy.ExtraStore.AddRange(Chain.Take(Chain.Count - 1).ToArray());
        var built = chain.Build(leaf);
        issuer = built && chain.ChainElements.Count > 1 ? X509CertificateLoader.LoadCertificate(chain.ChainElements[1].Certificate.RawData) : null;
        problem = $"{Uri}: {string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct())}";
        return built;
    }
}

/// <summary>
/// Sigstore's <c>trusted_root.json</c> (<c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>): the CAs,
/// transparency logs and CT logs a keyless signature is checked against. <see cref="PublicGood"/> is the snapshot
/// shipped in the package (from @sigstore/tuf 5.0.1's seeds.json, the TUF target of tuf-repo-cdn.sigstore.dev).
/// </summary>
public sealed class TrustedRoot
{
    private const string PublicGoodResource = "SimpleContainer.Security.Sigstore.Trust.public-good-trusted-root.json";

    private TrustedRoot(string source, IReadOnlyList<TrustedCertificateAuthority> authorities, IReadOnlyList<TrustedLog> tlogs, IReadOnlyList<TrustedLog> ctlogs, IReadOnlyList<TrustedCertificateAuthority> timestampAuthorities)
    {
        TimestampAuthorities = timestampAuthorities;
        Source = source;
        CertificateAuthorities = authorities;
        TransparencyLogs = tlogs;
        CtLogs = ctlogs;
    }

    public string Source { get; }

    public IReadOnlyList<TrustedCertificateAuthority> CertificateAuthorities { get; }

    public IReadOnlyList<TrustedLog> TransparencyLogs { get; }

    public IReadOnlyList<TrustedLog> CtLogs { get; }

    /// <summary>The RFC 3161 timestamp authorities (<c>timestampAuthorities</c>): their chains, root last, and validity.</summary>
    public IReadOnlyList<TrustedCertificateAuthority> TimestampAuthorities { get; }

    public static TrustedRoot PublicGood()
    {
        using var stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream(PublicGoodResource) ?? throw new InvalidOperationException("The public-good trusted root is not embedded.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), "the shipped public-good root");
    }

    /// <summary>The file given (ScTrustedRoot / --trusted-root), else the shipped public-good root.</summary>
    public static TrustedRoot Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return PublicGood();
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.TrustedRootInvalid, path, ex.Message);
        }

        return Parse(bytes, path);
    }

    public static TrustedRoot Parse(byte[] json, string source)
    {
        try
        {
            // A file saved by a Windows editor starts with a UTF-8 byte order mark, which the JSON reader refuses.
            ReadOnlySpan<byte> text = json;
            if (text.StartsWith("\uFEFF"u8))
            {
                text = text[3..];
            }

            var root = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("empty");
            var mediaType = root["mediaType"]?.GetValue<string>();
            if (mediaType is null || !mediaType.StartsWith("application/vnd.dev.sigstore.trustedroot", StringComparison.Ordinal))
            {
                throw new JsonException($"the media type is '{mediaType}'");
            }

            return new TrustedRoot(source, Authorities(root["certificateAuthorities"]), Logs(root["tlogs"]), Logs(root["ctlogs"]), Authorities(root["timestampAuthorities"]));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or CryptographicException or NullReferenceException)
        {
            throw new ScException(DiagnosticIds.TrustedRootInvalid, source, ex.Message);
        }
    }

    private static List<TrustedCertificateAuthority> Authorities(JsonNode? authorities) =>
        (authorities?.AsArray() ?? []).Select(ca => new TrustedCertificateAuthority(
            ca!["uri"]?.GetValue<string>() ?? string.Empty,
            (ca["certChain"]?["certificates"]?.AsArray() ?? []).Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c!["rawBytes"]!.GetValue<string>()))).ToList(),
            Validity(ca["validFor"]))).ToList();

    private static List<TrustedLog> Logs(JsonNode? logs) =>
        (logs?.AsArray() ?? []).Where(l => l?["publicKey"]?["rawBytes"] is not null).Select(l => new TrustedLog(
            l!["baseUrl"]?.GetValue<string>() ?? string.Empty,
            l["logId"]?["keyId"]?.GetValue<string>() is { } id ? Convert.FromBase64String(id) : [],
            Convert.FromBase64String(l["publicKey"]!["rawBytes"]!.GetValue<string>()),
            Validity(l["publicKey"]?["validFor"]))).ToList();

    private static ValidityPeriod Validity(JsonNode? validFor) => new(
        validFor?["start"]?.GetValue<string>() is { } start ? DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.MinValue,
        validFor?["end"]?.GetValue<string>() is { } end ? DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture) : null);
}
