using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// Who a Fulcio certificate names: the subject alternative name (an email, a URI such as a GitHub workflow, or an
/// otherName username) and the OIDC issuer from Fulcio's extension (1.3.6.1.4.1.57264.1.8, or the older .1.1).
/// </summary>
public sealed record CertificateIdentity(string Identity, string? Issuer)
{
    public const string IssuerV1Oid = "1.3.6.1.4.1.57264.1.1";
    public const string IssuerV2Oid = "1.3.6.1.4.1.57264.1.8";
    private const string SubjectAltNameOid = "2.5.29.17";

    public static CertificateIdentity Of(X509Certificate2 certificate) => new(SubjectAlternativeName(certificate) ?? string.Empty, IssuerOf(certificate));

    public override string ToString() => $"{Identity} (issuer {Issuer ?? "none"})";

    private static string? SubjectAlternativeName(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == SubjectAltNameOid);
        if (extension is null)
        {
            return null;
        }

        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
                {
                    return names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue));
                }

                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0)
                {
                    // otherName { type-id, [0] EXPLICIT value }: Fulcio's username SAN is a UTF8String.
                    var other = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                    other.ReadObjectIdentifier();
                    var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                    return value.ReadCharacterString(UniversalTagNumber.UTF8String);
                }

                names.ReadEncodedValue();
            }
        }
        catch (AsnContentException)
        {
        }

        return null;
    }

    private static string? IssuerOf(X509Certificate2 certificate)
    {
        if (certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == IssuerV2Oid) is { } v2)
        {
            try
            {
                return new AsnReader(v2.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        // The v1 extension holds the issuer's bytes without any ASN.1 wrapping.
        return certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == IssuerV1Oid) is { } v1 ? Encoding.UTF8.GetString(v1.RawData) : null;
    }
}
