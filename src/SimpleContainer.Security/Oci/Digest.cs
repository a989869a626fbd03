using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci;

/// <summary>A content digest, <c>sha256:&lt;64 hex&gt;</c>. Only sha256 is produced; sha512 is accepted when read.</summary>
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new ScException(DiagnosticIds.InvalidDigest, text);

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

    /// <summary>Computes the digest of <paramref name="content"/> with this digest's algorithm.</summary>
    public Digest ComputeFor(ReadOnlySpan<byte> content) => Algorithm switch
    {
        "sha256" => Sha256(content),
        "sha512" => new("sha512", Convert.ToHexStringLower(SHA512.HashData(content))),
        _ => throw new InvalidOperationException($"Unsupported digest algorithm '{Algorithm}'."),
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
}
