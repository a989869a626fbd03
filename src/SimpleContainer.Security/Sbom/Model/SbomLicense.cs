using SimpleContainer.Security.Sbom.Licenses;

namespace SimpleContainer.Security.Sbom.Model;

public enum LicenseKind
{
    /// <summary>One id of the SPDX license list (CycloneDX <c>license.id</c>).</summary>
    SpdxId,

    /// <summary>A valid SPDX expression of listed ids (CycloneDX <c>expression</c>).</summary>
    Expression,

    /// <summary>Free text that is not a valid SPDX expression (CycloneDX <c>license.name</c>; SPDX NOASSERTION).</summary>
    Name,
}

/// <summary>A declared license, classified so that each writer emits only what its format accepts.</summary>
public sealed record SbomLicense(LicenseKind Kind, string Value)
{
    /// <summary>Classifies a license as a package database declares it.</summary>
    public static SbomLicense FromDeclared(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (SpdxExpression.KnownLicenseId(text) is { } id)
        {
            return new(LicenseKind.SpdxId, id);
        }

        return SpdxExpression.Normalize(text) is { } expression ? new(LicenseKind.Expression, expression) : new(LicenseKind.Name, text.Trim());
    }

    /// <summary>The SPDX expression form, or null when the text is not one.</summary>
    public string? SpdxExpressionText => Kind == LicenseKind.Name ? null : Value;
}
