using System.Buffers.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Oidc;

/// <summary>
/// An OIDC identity token (a JWT) and the claims Fulcio binds into the certificate. The token is a secret: it is never
/// shown (<see cref="ToString"/> names only issuer and subject) and never written anywhere. Its signature is Fulcio's
/// to check; we read the claims only to prove possession over the right subject and to name the signer.
/// </summary>
public sealed class OidcToken
{
    private readonly string _jwt;

    private OidcToken(string jwt, string issuer, string subject, string? email, bool emailVerified, DateTimeOffset? expires, string source)
    {
        _jwt = jwt;
        Issuer = issuer;
        Subject = subject;
        Email = email;
        EmailVerified = emailVerified;
        Expires = expires;
        Source = source;
    }

    public string Issuer { get; }

    public string Subject { get; }

    public string? Email { get; }

    public bool EmailVerified { get; }

    public DateTimeOffset? Expires { get; }

    /// <summary>Where the token came from (a variable's name, a file, the GitHub Actions token service).</summary>
    public string Source { get; }

    /// <summary>What the proof of possession signs: the email when it is verified, else <c>sub</c> (Fulcio's rule).</summary>
    public string ProofSubject => EmailVerified && Email is { Length: > 0 } ? Email : Subject;

    /// <summary>The raw JWT, for the one request that needs it (Fulcio's credentials).</summary>
    internal string Jwt => _jwt;

    public static OidcToken Parse(string jwt, string source)
    {
        var text = jwt.Trim();
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0)
        {
            throw new ScException(DiagnosticIds.OidcTokenInvalid, source, "it is not a JWT (three base64url parts separated by '.')");
        }

        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = claims.RootElement;
            var issuer = root.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString()! : throw new ScException(DiagnosticIds.OidcTokenInvalid, source, "it has no 'iss' claim");
            var subject = root.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString()! : throw new ScException(DiagnosticIds.OidcTokenInvalid, source, "it has no 'sub' claim");
            var email = root.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var verified = root.TryGetProperty("email_verified", out var v) && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString() == "true"));
            DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            return new OidcToken(text, issuer, subject, email, verified, expires, source);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw new ScException(DiagnosticIds.OidcTokenInvalid, source, "its claims are not base64url-encoded JSON");
        }
    }

    public override string ToString() => $"OIDC token from {Source} (iss {Issuer}, sub {Subject})";
}
