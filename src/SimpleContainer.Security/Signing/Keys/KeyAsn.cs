using System.Formats.Asn1;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>Reads the algorithm identifiers of SubjectPublicKeyInfo, PKCS#8 and encrypted PKCS#8 structures.</summary>
internal static class KeyAsn
{
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string Pbes2 = "1.2.840.113549.1.5.13";
    public const string Pbkdf2 = "1.2.840.113549.1.5.12";

    /// <summary>SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }.</summary>
    public static AlgorithmId ReadSpkiAlgorithm(ReadOnlySpan<byte> der) => ReadAlgorithmIdentifier(OuterSequence(der));

    /// <summary>PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, … }.</summary>
    public static AlgorithmId ReadPkcs8Algorithm(ReadOnlySpan<byte> der)
    {
        var body = OuterSequence(der);
        _ = AsnDecoder.ReadInteger(body, AsnEncodingRules.BER, out var versionLength);
        return ReadAlgorithmIdentifier(body[versionLength..]);
    }

    /// <summary>
    /// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }.
    /// Returns the encryption scheme, for PBES2 its key derivation function, and the iteration count of PBKDF2
    /// (PBES2) or of the PBES1 / PKCS#12 schemes, whose parameters are SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    /// </summary>
    public static EncryptedPkcs8Scheme ReadEncryptedPkcs8Scheme(ReadOnlySpan<byte> der)
    {
        var body = OuterSequence(der);
        AsnDecoder.ReadSequence(body, AsnEncodingRules.BER, out var start, out var length, out var consumed);
        var identifier = body.Slice(start, length);
        var scheme = AsnDecoder.ReadObjectIdentifier(identifier, AsnEncodingRules.BER, out var oidLength);
        _ = AsnDecoder.ReadOctetString(body[consumed..], AsnEncodingRules.BER, out var dataLength);
        if (consumed + dataLength != body.Length)
        {
            throw new AsnContentException("Unexpected data after the encrypted key.");
        }

        var parameters = identifier[oidLength..];
        if (scheme != Pbes2)
        {
            return new EncryptedPkcs8Scheme(scheme, null, SaltAndIterations(parameters));
        }

        // PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
        AsnDecoder.ReadSequence(parameters, AsnEncodingRules.BER, out var paramsStart, out var paramsLength, out _);
        var kdfIdentifier = parameters.Slice(paramsStart, paramsLength);
        var kdf = ReadAlgorithmIdentifier(kdfIdentifier);
        if (kdf.Oid != Pbkdf2)
        {
            return new EncryptedPkcs8Scheme(scheme, kdf.Oid, null);
        }

        // PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
        //                              iterationCount INTEGER (1..MAX), keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT }
        AsnDecoder.ReadSequence(kdfIdentifier, AsnEncodingRules.BER, out var kdfStart, out var kdfLength, out _);
        var kdfBody = kdfIdentifier.Slice(kdfStart, kdfLength);
        _ = AsnDecoder.ReadObjectIdentifier(kdfBody, AsnEncodingRules.BER, out var kdfOidLength);
        AsnDecoder.ReadSequence(kdfBody[kdfOidLength..], AsnEncodingRules.BER, out var pbkdf2Start, out var pbkdf2Length, out _);
        var pbkdf2 = kdfBody.Slice(kdfOidLength + pbkdf2Start, pbkdf2Length);
        _ = AsnDecoder.ReadEncodedValue(pbkdf2, AsnEncodingRules.BER, out _, out _, out var saltLength);
        return new EncryptedPkcs8Scheme(scheme, kdf.Oid, ReadCount(pbkdf2[saltLength..]));
    }

    /// <summary>A readable name for a key algorithm, for diagnostics.</summary>
    public static string Describe(AlgorithmId id) => id.Oid switch
    {
        EcPublicKey => id.Parameter switch
        {
            P256 => "ECDSA P-256",
            P384 => "ECDSA P-384",
            "1.3.132.0.35" => "ECDSA P-521",
            "1.3.132.0.10" => "ECDSA secp256k1",
            null => "ECDSA with explicit curve parameters",
            var curve => $"ECDSA on curve {curve}",
        },
        RsaEncryption => "RSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.110" => "X25519",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        var other => $"an unknown algorithm ({other})",
    };

    /// <summary>A readable name for a PKCS#8 encryption scheme or key derivation function, for diagnostics.</summary>
    public static string DescribeScheme(string oid) => oid switch
    {
        "1.3.6.1.4.1.11591.4.11" => "scrypt",
        Pbkdf2 => "PBKDF2",
        Pbes2 => "PBES2",
        _ => oid,
    };

    // PBEParameter (PKCS#5 PBES1) and pkcs-12PbeParams: SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    private static long? SaltAndIterations(ReadOnlySpan<byte> parameters)
    {
        if (parameters.IsEmpty || !Asn1Tag.Decode(parameters, out _).HasSameClassAndValue(Asn1Tag.Sequence))
        {
            return null;
        }

        AsnDecoder.ReadSequence(parameters, AsnEncodingRules.BER, out var start, out var length, out _);
        var body = parameters.Slice(start, length);
        _ = AsnDecoder.ReadOctetString(body, AsnEncodingRules.BER, out var saltLength);
        return ReadCount(body[saltLength..]);
    }

    // An INTEGER too large for a long is as hostile as long.MaxValue; a count below 1 is invalid (RFC 8018).
    private static long ReadCount(ReadOnlySpan<byte> source)
    {
        var count = AsnDecoder.ReadInteger(source, AsnEncodingRules.BER, out _);
        if (count < 1)
        {
            throw new AsnContentException("The iteration count must be at least 1.");
        }

        return count > long.MaxValue ? long.MaxValue : (long)count;
    }

    private static ReadOnlySpan<byte> OuterSequence(ReadOnlySpan<byte> der)
    {
        AsnDecoder.ReadSequence(der, AsnEncodingRules.BER, out var start, out var length, out var consumed);
        if (consumed != der.Length)
        {
            throw new AsnContentException("Unexpected data after the key structure.");
        }

        return der.Slice(start, length);
    }

    // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }; the parameter is
    // returned only when it is itself an OID (a named curve).
    private static AlgorithmId ReadAlgorithmIdentifier(ReadOnlySpan<byte> source)
    {
        AsnDecoder.ReadSequence(source, AsnEncodingRules.BER, out var start, out var length, out _);
        var identifier = source.Slice(start, length);
        var oid = AsnDecoder.ReadObjectIdentifier(identifier, AsnEncodingRules.BER, out var oidLength);
        var rest = identifier[oidLength..];
        string? parameter = null;
        if (!rest.IsEmpty && Asn1Tag.Decode(rest, out _).HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            parameter = AsnDecoder.ReadObjectIdentifier(rest, AsnEncodingRules.BER, out _);
        }

        return new AlgorithmId(oid, parameter);
    }
}
