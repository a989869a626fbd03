using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Attestation;

/// <summary>
/// The predicate types we write and verify, and cosign's short names for them (cosign:
/// pkg/cosign/attestation/attestation.go and cmd/cosign/cli/options/predicate.go), each defined once.
/// </summary>
public static class PredicateTypes
{
    public const string CycloneDx = "https://cyclonedx.org/bom";
    public const string Spdx = "https://spdx.dev/Document";
    public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";
    public const string SlsaProvenanceV02 = "https://slsa.dev/provenance/v0.2";
    public const string Vulnerability = "https://cosign.sigstore.dev/attestation/vuln/v1";
    public const string Custom = "https://cosign.sigstore.dev/attestation/v1";

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["cyclonedx"] = CycloneDx,
        ["spdxjson"] = Spdx,
        ["spdx"] = Spdx,
        ["slsaprovenance1"] = SlsaProvenanceV1,
        ["slsaprovenance02"] = SlsaProvenanceV02,
        ["slsaprovenance"] = SlsaProvenanceV02,
        ["vuln"] = Vulnerability,
        ["custom"] = Custom,
    };

    /// <summary>A short name (<c>cyclonedx</c>, <c>spdxjson</c>, <c>slsaprovenance1</c>, <c>vuln</c>, <c>custom</c>) or any absolute URI.</summary>
    public static string Parse(string text)
    {
        var trimmed = text.Trim();
        if (ShortNames.TryGetValue(trimmed.ToLowerInvariant(), out var uri))
        {
            return uri;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out _) && trimmed.Contains(':', StringComparison.Ordinal)
            ? trimmed
            : throw new ScException(DiagnosticIds.UnknownPredicateType, text);
    }

    /// <summary>The short name of a predicate type for file names and messages (<c>cyclonedx</c>), or the URI itself.</summary>
    public static string ShortName(string predicateType) =>
        predicateType switch
        {
            CycloneDx => "cyclonedx",
            Spdx => "spdxjson",
            SlsaProvenanceV1 => "slsaprovenance1",
            SlsaProvenanceV02 => "slsaprovenance02",
            Vulnerability => "vuln",
            Custom => "custom",
            _ => predicateType,
        };
}
