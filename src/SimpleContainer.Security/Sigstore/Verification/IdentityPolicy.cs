using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Who a keyless signature must come from: an exact identity or an identity regexp, and an exact OIDC issuer or an
/// issuer regexp (cosign's <c>--certificate-identity[-regexp]</c>, <c>--certificate-oidc-issuer[-regexp]</c>). Both
/// halves are required: a policy that would accept anyone cannot be built.
/// </summary>
public sealed class IdentityPolicy
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly string? _identity;
    private readonly Regex? _identityRegex;
    private readonly string? _issuer;
    private readonly Regex? _issuerRegex;

    private IdentityPolicy(string? identity, Regex? identityRegex, string? issuer, Regex? issuerRegex)
    {
        (_identity, _identityRegex, _issuer, _issuerRegex) = (identity, identityRegex, issuer, issuerRegex);
    }

    public string ExpectedIdentity => _identity is not null ? $"'{_identity}'" : $"a match of /{_identityRegex}/";

    public string ExpectedIssuer => _issuer is not null ? $"'{_issuer}'" : $"a match of /{_issuerRegex}/";

    /// <summary>The policy, or null when nothing is set; a half-set policy is <see cref="DiagnosticIds.IdentityPolicyMissing"/>.</summary>
    public static IdentityPolicy? FromSettings(string? identity, string? identityRegexp, string? issuer, string? issuerRegexp)
    {
        if (string.IsNullOrEmpty(identity) && string.IsNullOrEmpty(identityRegexp) && string.IsNullOrEmpty(issuer) && string.IsNullOrEmpty(issuerRegexp))
        {
            return null;
        }

        return Create(identity, identityRegexp, issuer, issuerRegexp);
    }

    public static IdentityPolicy Create(string? identity, string? identityRegexp, string? issuer, string? issuerRegexp)
    {
        if ((string.IsNullOrEmpty(identity) && string.IsNullOrEmpty(identityRegexp)) || (string.IsNullOrEmpty(issuer) && string.IsNullOrEmpty(issuerRegexp)))
        {
            throw new ScException(DiagnosticIds.IdentityPolicyMissing);
        }

        return new IdentityPolicy(
            string.IsNullOrEmpty(identity) ? null : identity,
            string.IsNullOrEmpty(identity) ? Compile(identityRegexp!, "--certificate-identity-regexp") : null,
            string.IsNullOrEmpty(issuer) ? null : issuer,
            string.IsNullOrEmpty(issuer) ? Compile(issuerRegexp!, "--certificate-oidc-issuer-regexp") : null);
    }

    /// <summary>Throws the coded mismatch (identity first, then issuer) when <paramref name="found"/> is not allowed.</summary>
    public void Check(CertificateIdentity found)
    {
        if (!(_identity is not null ? found.Identity == _identity : IsMatch(_identityRegex!, found.Identity)))
        {
            throw new ScException(DiagnosticIds.CertificateIdentityMismatch, found.Identity, ExpectedIdentity);
        }

        if (found.Issuer is null || !(_issuer is not null ? found.Issuer == _issuer : IsMatch(_issuerRegex!, found.Issuer)))
        {
            throw new ScException(DiagnosticIds.CertificateIssuerMismatch, found.Issuer ?? "(none)", ExpectedIssuer);
        }
    }

    private static bool IsMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(string pattern, string name)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ScException(DiagnosticIds.IdentityRegexpInvalid, pattern, name, ex.Message);
        }
    }
}
