namespace SimpleContainer.Security.Signing.Keys;

/// <summary>An AlgorithmIdentifier's OID and, for EC keys, the named curve's OID.</summary>
internal readonly record struct AlgorithmId(string Oid, string? Parameter);

/// <summary>How an encrypted PKCS#8 key is protected: the scheme's OID, PBES2's key derivation OID, and the iteration count when the scheme has one.</summary>
internal readonly record struct EncryptedPkcs8Scheme(string Scheme, string? KeyDerivation, long? Iterations);
