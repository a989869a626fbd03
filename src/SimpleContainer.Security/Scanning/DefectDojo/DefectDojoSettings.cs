using System.Globalization;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Scanning.DefectDojo;

/// <summary>
/// Turns the front doors' DefectDojo settings (ScDefectDojo* properties, --defectdojo-* options) into upload options.
/// The API key comes from <c>DEFECTDOJO_API_KEY</c> or a <c>${secret:…}</c>/<c>${env:…}</c> reference, never a literal.
/// </summary>
public static class DefectDojoSettings
{
    public const string ApiKeyVariable = "DEFECTDOJO_API_KEY";

    /// <summary>Null when no URL is set (no upload). An engagement that is a number is an engagement id, else a name.</summary>
    public static DefectDojoUploadOptions? Create(string? url, string? product, string? productType, string? engagement, string? apiKeyReference, Func<string, string?> getVariable, StackSecrets secrets)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var apiKey = ValueReference.ResolveSecret(apiKeyReference, ApiKeyVariable, getVariable, secrets, new ScDiagnostic(DiagnosticIds.LiteralApiKeyRefused, DiagnosticSeverity.Error));
        if (string.IsNullOrEmpty(apiKey))
        {
            throw new ScException(DiagnosticIds.DefectDojoApiKeyMissing);
        }

        var engagementId = long.TryParse(engagement, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        return new DefectDojoUploadOptions
        {
            BaseUri = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute),
            ApiKey = apiKey,
            EngagementId = engagementId,
            EngagementName = engagementId is null && !string.IsNullOrWhiteSpace(engagement) ? engagement : null,
            ProductName = string.IsNullOrWhiteSpace(product) ? null : product,
            ProductTypeName = string.IsNullOrWhiteSpace(productType) ? null : productType,
        };
    }
}
