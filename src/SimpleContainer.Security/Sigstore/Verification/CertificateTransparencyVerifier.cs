using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Trust;

namespace SimpleContainer.Security.Sigstore.Verification;

/// <summary>
/// RFC 6962 signed certificate timestamps: a Fulcio certificate must carry an SCT from a CT log of the trusted root,
/// valid for the log's key. Embedded SCTs (extension 1.3.6.1.4.1.11129.2.4.2) are signed over the precertificate: the
/// certificate's TBS without that extension, with the SHA-256 of the issuer's public key (§3.2). A trusted root naming
/// no CT log checks no SCT (a private Sigstore without CT); with CT logs, a certificate without a valid embedded SCT is
/// SCSEC5150, as cosign refuses one (a detached SCT is not stored in either layout, so it cannot be checked later).
/// </summary>
public static class CertificateTransparencyVerifier
{
    public const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    private const byte Sha256 = 4;
    private const byte Rsa = 1;
    private const byte Ecdsa = 3;
    private const byte PrecertEntry = 1;

    /// <summary>Checks the SCTs embedded in <paramref name="certificate"/>, issued by <paramref name="issuer"/>.</summary>
    public static void VerifyEmbedded(X509Certificate2 certificate, X509Certificate2 issuer, TrustedRoot root)
    {
        if (root.CtLogs.Count == 0)
        {
            return;
        }

        var extension = certificate.Extensions[SctListOid] ?? throw Invalid("the certificate carries no embedded SCT");
        List<byte[]> scts;
        byte[] tbs;
        try
        {
            scts = ParseList(AsnDecoder.ReadOctetString(extension.RawData, AsnEncodingRules.DER, out _));
            tbs = TbsWithoutSctList(certificate.RawData);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            throw Invalid("the SCT list or the certificate is malformed: " + ex.Message);
        }

        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        VerifyAny(scts, root, [.. issuerKeyHash, .. Uint24(tbs.Length), .. tbs]);
    }

    private static void VerifyAny(List<byte[]> scts, TrustedRoot root, byte[] precertEntry)
    {
        var problems = new List<string>();
        foreach (var sct in scts)
        {
            if (Check(sct, root, precertEntry) is not { } problem)
            {
                return;
            }

            problems.Add(problem);
        }

        throw Invalid(problems.Count == 0 ? "the SCT list is empty" : string.Join("; ", problems));
    }

    /// <summary>Why one SCT is not valid; null when it is.</summary>
    private static string? Check(byte[] sct, TrustedRoot root, byte[] precertEntry)
    {
        // struct { Version sct_version; LogID id[32]; uint64 timestamp; CtExtensions extensions<0..2^16-1>;
        //          digitally-signed { HashAlgorithm hash; SignatureAlgorithm sig; opaque signature<0..2^16-1>; } }
        var reader = new TlsReader(sct);
        if (!reader.TryRead(1, out var version) || version[0] != 0
            || !reader.TryRead(32, out var logId)
            || !reader.TryRead(8, out var timestampBytes)
            || !reader.TryReadVector(out var extensions)
            || !reader.TryRead(2, out var algorithms)
            || !reader.TryReadVector(out var signature)
            || !reader.AtEnd)
        {
            return "an SCT is malformed (not a version 1 SignedCertificateTimestamp)";
        }

        var log = root.CtLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(logId));
        if (log is null)
        {
            return $"an SCT is from the log {Convert.ToHexStringLower(logId)}, which the trusted root does not name";
        }

        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(timestampBytes);
        if (timestamp > (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return $"the SCT of {log.BaseUrl} has an impossible timestamp {timestamp}";
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)timestamp);
        if (!log.ValidFor.Contains(time))
        {
            return $"the SCT of {log.BaseUrl} is dated {time:O}, when its key was not valid";
        }

        // digitally-signed struct { Version v1(0); SignatureType certificate_timestamp(0); uint64 timestamp;
        //   LogEntryType precert_entry(1); PreCert { issuer_key_hash[32]; TBSCertificate<1..2^24-1> }; CtExtensions; }
        byte[] signed = [0, 0, .. timestampBytes, 0, PrecertEntry, .. precertEntry, .. Uint16(extensions.Length), .. extensions];
        return algorithms[0] != Sha256
            ? $"the SCT of {log.BaseUrl} uses hash algorithm {algorithms[0]}, not SHA-256"
            : VerifySignature(log, algorithms[1], signed, signature) ? null : $"the SCT of {log.BaseUrl} does not verify with its key (the SCT or the certificate was altered)";
    }

    private static bool VerifySignature(TrustedLog log, byte algorithm, byte[] data, byte[] signature)
    {
        try
        {
            switch (algorithm)
            {
                case Ecdsa:
                    using (var key = ECDsa.Create())
                    {
                        key.ImportSubjectPublicKeyInfo(log.PublicKey, out _);
                        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }

                case Rsa:
                    using (var key = RSA.Create())
                    {
                        key.ImportSubjectPublicKeyInfo(log.PublicKey, out _);
                        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }

                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>SignedCertificateTimestampList: <c>opaque SerializedSCT&lt;1..2^16-1&gt;</c> inside a <c>&lt;1..2^16-1&gt;</c> list.</summary>
    private static List<byte[]> ParseList(byte[] list)
    {
        var outer = new TlsReader(list);
        if (!outer.TryReadVector(out var items) || !outer.AtEnd)
        {
            throw new ArgumentException("the SCT list's length is wrong");
        }

        var reader = new TlsReader(items);
        var scts = new List<byte[]>();
        while (!reader.AtEnd)
        {
            scts.Add(reader.TryReadVector(out var sct) ? sct : throw new ArgumentException("an SCT's length is wrong"));
        }

        return scts;
    }

    /// <summary>The certificate's TBSCertificate, DER, with the SCT list extension removed (the precertificate's TBS).</summary>
    private static byte[] TbsWithoutSctList(byte[] certificate)
    {
        var tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(extensionsTag))
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                using (writer.PushSequence(extensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        var extension = extensions.ReadEncodedValue();
                        if (new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier() != SctListOid)
                        {
                            writer.WriteEncodedValue(extension.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] Uint16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] Uint24(int value) => [(byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static ScException Invalid(string reason) => new(DiagnosticIds.SctInvalid, reason);

    /// <summary>Reads TLS presentation-language fields: fixed-size bytes and 16-bit length-prefixed vectors.</summary>
    private sealed class TlsReader(byte[] data)
    {
        private int _offset;

        public bool AtEnd => _offset == data.Length;

        public bool TryRead(int count, out byte[] bytes)
        {
            bytes = [];
            if (data.Length - _offset < count)
            {
                return false;
            }

            bytes = data[_offset..(_offset + count)];
            _offset += count;
            return true;
        }

        public bool TryReadVector(out byte[] bytes)
        {
            bytes = [];
            return TryRead(2, out var length) && TryRead((length[0] << 8) | length[1], out bytes);
        }
    }
}
