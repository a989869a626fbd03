using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Trust;
using SimpleContainer.Security.Sigstore.Verification;

namespace SimpleContainer.Security.Tests.Sigstore;

/// <summary>
/// Embedded SCTs made here as a CT log makes them (RFC 6962 §3.2: over the precertificate TBS and the issuer key hash),
/// so each way an SCT can be wrong is tried on its own. The real Fulcio/CT pair is in CertificateTransparencyTests.
/// </summary>
[TestClass]
public sealed class CertificateTransparencyVerifierTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [TestMethod]
    public void An_SCT_from_the_roots_CT_log_over_the_precertificate_verifies()
    {
        using var pki = new HomemadePki();
        var (leaf, _) = pki.Issue(pki.CtKey, Now);

        CertificateTransparencyVerifier.VerifyEmbedded(leaf, pki.Ca, pki.Root());
    }

    [TestMethod]
    public void Each_wrong_SCT_is_SCSEC5150_naming_why()
    {
        using var pki = new HomemadePki();
        using var otherLog = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (fromOtherLog, _) = pki.Issue(otherLog, Now);
        var (tooEarly, _) = pki.Issue(pki.CtKey, Now.AddDays(-3));
        var (leaf, sctList) = pki.Issue(pki.CtKey, Now);
        var tamperedRaw = leaf.RawData;
        tamperedRaw[tamperedRaw.AsSpan().IndexOf(sctList) + sctList.Length - 1] ^= 1;
        var malformed = pki.IssueWithSctList([0x00, 0x09, 0x00, 0x07, 0x00]);
        using var plain = pki.IssueWithSctList(null);

        StringAssert.Contains(Reason(fromOtherLog, pki.Ca, pki.Root()), "does not name");
        StringAssert.Contains(Reason(tooEarly, pki.Ca, pki.Root()), "was not valid");
        StringAssert.Contains(Reason(X509CertificateLoader.LoadCertificate(tamperedRaw), pki.Ca, pki.Root()), "does not verify");
        StringAssert.Contains(Reason(leaf, leaf, pki.Root()), "does not verify", "the issuer key hash is signed too");
        StringAssert.Contains(Reason(malformed, pki.Ca, pki.Root()), "malformed");
        StringAssert.Contains(Reason(plain, pki.Ca, pki.Root()), "no embedded SCT");
    }

    [TestMethod]
    public void A_trusted_root_without_CT_logs_checks_no_SCT()
    {
        using var pki = new HomemadePki();
        using var plain = pki.IssueWithSctList(null);

        CertificateTransparencyVerifier.VerifyEmbedded(plain, pki.Ca, pki.Root(withCtLog: false));
    }

    private static string Reason(X509Certificate2 leaf, X509Certificate2 issuer, TrustedRoot root)
    {
        var error = Assert.ThrowsExactly<ScException>(() => CertificateTransparencyVerifier.VerifyEmbedded(leaf, issuer, root));
        Assert.AreEqual("SCSEC5150", error.Diagnostic.Code);
        return error.Message;
    }

    private sealed class HomemadePki : IDisposable
    {
        private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly byte[] _serial = [0x01, 0x02, 0x03, 0x04];

        public HomemadePki()
        {
            var request = new CertificateRequest("CN=homemade-fulcio", _caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            Ca = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(1));
        }

        public X509Certificate2 Ca { get; }

        public ECDsa CtKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        /// <summary>A trusted root whose CT log (key valid from yesterday) is <see cref="CtKey"/>, or none.</summary>
        public TrustedRoot Root(bool withCtLog = true)
        {
            var start = Now.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var key = CtKey.ExportSubjectPublicKeyInfo();
            var root = new JsonObject
            {
                ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                ["certificateAuthorities"] = new JsonArray(),
                ["tlogs"] = new JsonArray(),
                ["ctlogs"] = withCtLog
                    ? new JsonArray(new JsonObject
                    {
                        ["baseUrl"] = "https://ct.homemade.invalid",
                        ["hashAlgorithm"] = "SHA2_256",
                        ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(key), ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256", ["validFor"] = new JsonObject { ["start"] = start } },
                        ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(key)) },
                    })
                    : new JsonArray(),
            };
            return TrustedRoot.Parse(Encoding.UTF8.GetBytes(root.ToJsonString()), "homemade");
        }

        /// <summary>A leaf with an embedded SCT signed by <paramref name="log"/> at <paramref name="at"/>, and its TLS SCT list.</summary>
        public (X509Certificate2 Leaf, byte[] SctList) Issue(ECDsa log, DateTimeOffset at)
        {
            using var precert = IssueWithSctList(null);
            var tbs = new AsnReader(precert.RawData, AsnEncodingRules.DER).ReadSequence().ReadEncodedValue().ToArray();
            var logId = SHA256.HashData(log.ExportSubjectPublicKeyInfo());
            var timestamp = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(timestamp, (ulong)at.ToUnixTimeMilliseconds());
            byte[] signed = [0, 0, .. timestamp, 0, 1, .. SHA256.HashData(Ca.PublicKey.ExportSubjectPublicKeyInfo()), .. Length(tbs.Length, 3), .. tbs, 0, 0];
            var signature = log.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            byte[] sct = [0, .. logId, .. timestamp, 0, 0, 4, 3, .. Length(signature.Length, 2), .. signature];
            byte[] list = [.. Length(sct.Length + 2, 2), .. Length(sct.Length, 2), .. sct];
            return (IssueWithSctList(list), list);
        }

        /// <summary>The same leaf (same serial, validity and extensions), with <paramref name="sctList"/> as the last extension.</summary>
        public X509Certificate2 IssueWithSctList(byte[]? sctList)
        {
            var request = new CertificateRequest("CN=leaf", _leafKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            if (sctList is not null)
            {
                var writer = new AsnWriter(AsnEncodingRules.DER);
                writer.WriteOctetString(sctList);
                request.CertificateExtensions.Add(new X509Extension(CertificateTransparencyVerifier.SctListOid, writer.Encode(), false));
            }

            return request.Create(Ca, Now.AddHours(-1), Now.AddHours(1), _serial);
        }

        public void Dispose()
        {
            _caKey.Dispose();
            _leafKey.Dispose();
            CtKey.Dispose();
            Ca.Dispose();
        }

        private static byte[] Length(int value, int bytes) => [.. Enumerable.Range(0, bytes).Select(i => (byte)(value >> (8 * (bytes - 1 - i))))];
    }
}
