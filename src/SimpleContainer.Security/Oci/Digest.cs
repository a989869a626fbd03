using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci;

/// <summary>
/// A content digest, <c>sha256:&lt;64 hex&gt;</c>. Only sha256 is produced; sha512, the other algorithm OCI registers,
/// is accepted and verified when read. Any other algorithm is refused with <see cref="DiagnosticIds.UnsupportedDigestAlgorithm"/>.
/// </summary>
public readonly partial record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public static Digest Parse(string text)
    {
        if (TryParse(text, out var digest))
        {
            return digest;
        }

        var grammar = OciDigestGrammar().Match(text ?? string.Empty);
        throw grammar.Success && grammar.Groups["algorithm"].Value is not ("sha256" or "sha512")
            ? new ScException(DiagnosticIds.UnsupportedDigestAlgorithm, text, grammar.Groups["algorithm"].Value)
            : new ScException(DiagnosticIds.InvalidDigest, text);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => -1,
        };
        if (hex.Length != expectedLength || !hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    public static Digest Sha256(ReadOnlySpan<byte> content) =>
        new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest FromSha256Hash(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    /// <summary>This digest's hash algorithm, for hashing streams; a coded error for an algorithm OCI does not register.</summary>
    public HashAlgorithmName HashAlgorithm => Algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha512" => HashAlgorithmName.SHA512,
        _ => throw new ScException(DiagnosticIds.UnsupportedDigestAlgorithm, ToString(), Algorithm ?? string.Empty),
    };

    /// <summary>The digest of the same algorithm as this one with the hash <paramref name="hash"/> (computed with <see cref="HashAlgorithm"/>).</summary>
    public Digest WithHash(ReadOnlySpan<byte> hash) => new(Algorithm, Convert.ToHexStringLower(hash));

    /// <summary>Computes the digest of <paramref name="content"/> with this digest's algorithm.</summary>
    public Digest ComputeFor(ReadOnlySpan<byte> content) => Algorithm switch
    {
        "sha256" => Sha256(content),
        "sha512" => new("sha512", Convert.ToHexStringLower(SHA512.HashData(content))),
        _ => throw new ScException(DiagnosticIds.UnsupportedDigestAlgorithm, ToString(), Algorithm ?? string.Empty),
    };

    /// <summary>Throws <see cref="DiagnosticIds.DigestMismatch"/> unless <paramref name="content"/> has this digest.</summary>
    public void Verify(ReadOnlySpan<byte> content, string what)
    {
        var actual = ComputeFor(content);
        if (actual != this)
        {
            throw new ScException(DiagnosticIds.DigestMismatch, what, this, actual);
        }
    }

    /// <summary>The tag cosign and the OCI referrers fallback derive from a digest: <c>sha256-&lt;hex&gt;</c>.</summary>
    public string ToTagPrefix() => $"{Algorithm}-{Hex}";

    public override string ToString() => Algorithm is null ? string.Empty : $"{Algorithm}:{Hex}";

    // The OCI image spec's digest grammar (descriptor.md): algorithm-component ([+._-] algorithm-component)* ':' encoded.
    [GeneratedRegex("^(?<algorithm>[a-z0-9]+(?:[+._-][a-z0-9]+)*):[a-zA-Z0-9=_-]+$")]
    private static partial Regex OciDigestGrammar();
}
