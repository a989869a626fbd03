using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Rekor;
using SimpleContainer.Security.Sigstore.Trust;
using SimpleContainer.Security.Sigstore.Verification;

namespace SimpleContainer.Security.Tests.Sigstore;

/// <summary>
/// The verifier against a Sigstore made here with .NET's own X.509 and ECDSA (a CA, a log key), so that times can be
/// chosen: the mock services always issue certificates valid now.
/// </summary>
[TestClass]
public sealed class KeylessVerifierTests
{
    private const string Identity = "https://github.com/sc/demo/.github/workflows/release.yml@refs/heads/main";
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private static readonly IdentityPolicy Policy = IdentityPolicy.Create(Identity, null, Issuer, null);

    [TestMethod]
    public void A_certificate_valid_when_the_log_saw_the_signature_verifies()
    {
        using var sigstore = new HomemadeSigstore();
        var now = DateTimeOffset.UtcNow;

        var verdict = new KeylessVerifier(sigstore.Root, Policy).Verify(sigstore.Sign(now.AddMinutes(-5), now.AddMinutes(5), now));

        Assert.AreEqual(Identity, verdict.Identity.Identity);
        Assert.AreEqual(Issuer, verdict.Identity.Issuer);
    }

    [TestMethod]
    public void A_certificate_that_had_expired_when_the_log_saw_the_signature_is_refused()
    {
        using var sigstore = new HomemadeSigstore();
        var now = DateTimeOffset.UtcNow;

        var error = Assert.ThrowsExactly<ScException>(() => new KeylessVerifier(sigstore.Root, Policy).Verify(sigstore.Sign(now.AddMinutes(-30), now.AddMinutes(-20), now)));

        Assert.AreEqual("SCSEC5114", error.Diagnostic.Code);
    }

    [TestMethod]
    public void A_certificate_from_another_CA_is_refused()
    {
        using var sigstore = new HomemadeSigstore();
        using var stranger = new HomemadeSigstore();
        var now = DateTimeOffset.UtcNow;

        var error = Assert.ThrowsExactly<ScException>(() => new KeylessVerifier(sigstore.Root, Policy).Verify(stranger.Sign(now.AddMinutes(-5), now.AddMinutes(5), now, logWith: sigstore)));

        Assert.AreEqual("SCSEC5115", error.Diagnostic.Code);
    }

    [TestMethod]
    public void A_signature_over_other_bytes_than_the_log_recorded_is_refused()
    {
        using var sigstore = new HomemadeSigstore();
        var now = DateTimeOffset.UtcNow;
        var evidence = sigstore.Sign(now.AddMinutes(-5), now.AddMinutes(5), now);

        var error = Assert.ThrowsExactly<ScException>(() => new KeylessVerifier(sigstore.Root, Policy).Verify(evidence with { SignedBytes = "{\"other\":1}"u8.ToArray() }));

        Assert.AreEqual("SCSEC5121", error.Diagnostic.Code);
    }

    [TestMethod]
    public void A_policy_without_issuer_cannot_be_made() =>
        Assert.AreEqual("SCSEC5118", Assert.ThrowsExactly<ScException>(() => IdentityPolicy.Create(Identity, null, null, null)).Diagnostic.Code);

    /// <summary>A CA and a transparency-log key, and the trusted root naming them.</summary>
    private sealed class HomemadeSigstore : IDisposable
    {
        private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly ECDsa _logKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly X509Certificate2 _ca;

        public HomemadeSigstore()
        {
            var request = new CertificateRequest("CN=homemade-fulcio", _caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var start = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var root = new JsonObject
            {
                ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                ["certificateAuthorities"] = new JsonArray(new JsonObject
                {
                    ["uri"] = "https://fulcio.homemade.invalid",
                    ["certChain"] = new JsonObject { ["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(_ca.RawData) }) },
                    ["validFor"] = new JsonObject { ["start"] = start },
                }),
                ["tlogs"] = new JsonArray(new JsonObject
                {
                    ["baseUrl"] = "https://rekor.homemade.invalid",
                    ["hashAlgorithm"] = "SHA2_256",
                    ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(_logKey.ExportSubjectPublicKeyInfo()), ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256", ["validFor"] = new JsonObject { ["start"] = start } },
                    ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(LogId) },
                }),
                ["ctlogs"] = new JsonArray(),
            };
            Root = TrustedRoot.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), "homemade");
        }

        public TrustedRoot Root { get; }

        private byte[] LogId => SHA256.HashData(_logKey.ExportSubjectPublicKeyInfo());

        /// <summary>Signs a payload with a certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>, logged at <paramref name="loggedAt"/>.</summary>
        public KeylessEvidence Sign(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset loggedAt, HomemadeSigstore? logWith = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(Identity));
            request.CertificateExtensions.Add(san.Build(true));
            var issuer = new AsnWriter(AsnEncodingRules.DER);
            issuer.WriteCharacterString(UniversalTagNumber.UTF8String, Issuer);
            request.CertificateExtensions.Add(new X509Extension(CertificateIdentity.IssuerV2Oid, issuer.Encode(), false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
            using var issued = request.Create(_ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
            var certificate = X509CertificateLoader.LoadCertificate(issued.RawData);
            var payload = "{\"critical\":{\"type\":\"cosign container image signature\"}}"u8.ToArray();
            var signature = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            var content = RekorEntryContent.ForBytes(payload, signature, certificate.ExportCertificatePem() + "\n");
            return new KeylessEvidence(payload, signature, certificate, (logWith ?? this).Log(content, loggedAt), content);
        }

        public void Dispose()
        {
            _caKey.Dispose();
            _logKey.Dispose();
            _ca.Dispose();
        }

        private TransparencyLogEntry Log(RekorEntryContent content, DateTimeOffset at)
        {
            var body = Encoding.UTF8.GetBytes(content.ToProposedEntry().ToJsonString());
            var time = at.ToUnixTimeSeconds();
            var logId = Convert.ToHexStringLower(LogId);
            var canonical = $"{{\"body\":\"{Convert.ToBase64String(body)}\",\"integratedTime\":{time},\"logID\":\"{logId}\",\"logIndex\":7}}";
            var set = _logKey.SignData(Encoding.UTF8.GetBytes(canonical), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            return new TransparencyLogEntry(null, body, time, 7, logId, set, null);
        }
    }
}
