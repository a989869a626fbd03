using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration;

/// <summary>
/// A key setting (<c>signing.privateKey</c>, <c>signing.publicKey</c>) is a path, or the key itself: a
/// <c>${secret:…}</c>/<c>${env:…}</c> reference to the PEM (as Simple Container keeps <c>cosign-private-key</c>), or, for a
/// public key, the PEM text. A referenced key is read into memory when used and never written to disk.
/// </summary>
public static class KeyReference
{
    public static bool IsInline(string? value) =>
        value is not null && (ValueReference.IsReference(value) || value.Contains("-----BEGIN", StringComparison.Ordinal));

    /// <summary>The PEM of an inline key (the reference resolved, or the text itself).</summary>
    public static string ReadPem(string value, Func<string, string?> getVariable, StackSecrets secrets)
    {
        var pem = ValueReference.IsReference(value) ? ValueReference.Resolve(value, getVariable, secrets) : value;
        return pem.Contains("-----BEGIN", StringComparison.Ordinal)
            ? pem
            : throw new ScException(DiagnosticIds.InlineKeyNotPem, value.Trim());
    }

    /// <summary>What messages may say about a key setting: the path, the reference, or only that it is inline PEM.</summary>
    public static string Describe(string value) => ValueReference.IsReference(value) || !IsInline(value) ? value.Trim() : "inline PEM";
}
