namespace SimpleContainer.Security.Signing.Keys;

/// <summary>An AlgorithmIdentifier's OID and, for EC keys, the named curve's OID.</summary>
internal readonly record struct AlgorithmId(string Oid, string? Parameter);
