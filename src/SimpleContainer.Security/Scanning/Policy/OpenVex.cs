using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Scanning.Policy;

/// <summary>An OpenVEX status (https://github.com/openvex/spec, v0.2.0).</summary>
public enum VexStatus
{
    NotAffected,
    Affected,
    Fixed,
    UnderInvestigation,
}

/// <summary>
/// A product of a statement: its identifiers (<c>@id</c>, <c>identifiers.purl</c>) and the subcomponents (the packages
/// inside it) the statement is narrowed to.
/// </summary>
public sealed record VexProduct(IReadOnlyList<string> Ids, IReadOnlyList<string> Subcomponents);

/// <summary>
/// One OpenVEX statement: a vulnerability (its name and aliases), the products it speaks about (purls; an image is
/// <c>pkg:oci/…@sha256:…</c>), each optionally narrowed to subcomponents (the packages inside), and the status.
/// </summary>
public sealed record VexStatement(
    IReadOnlyList<string> VulnerabilityIds,
    IReadOnlyList<VexProduct> Products,
    VexStatus Status,
    string? Justification,
    DateTimeOffset? Timestamp,
    string Source)
{
    /// <summary>
    /// True when the statement speaks about this finding: one of its ids, and a product that is either the package
    /// itself, or the image with no subcomponents named, or the image with the package among its subcomponents. A
    /// subcomponent counts only inside its own product, so "image X / openssl" says nothing about openssl in image Y.
    /// Purls match on type, namespace, name and, when the statement gives one, version; qualifiers are ignored.
    /// </summary>
    public bool Covers(Finding finding, IReadOnlyCollection<string> imageDigests)
    {
        if (!finding.AllIds.Any(id => VulnerabilityIds.Contains(id, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        var package = finding.Package.Purl;
        foreach (var product in Products)
        {
            if (product.Subcomponents.Count == 0)
            {
                if ((package is not null && product.Ids.Any(p => PurlMatches(p, package))) || product.Ids.Any(p => IsImage(p, imageDigests)))
                {
                    return true;
                }

                continue;
            }

            if (package is not null && product.Ids.Any(p => IsImage(p, imageDigests)) && product.Subcomponents.Any(s => PurlMatches(s, package)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PurlMatches(string pattern, Purl package)
    {
        var parsed = Purl.TryParse(pattern);
        return parsed is not null
            && parsed.Type == package.Type
            && string.Equals(parsed.Namespace, package.Namespace, StringComparison.OrdinalIgnoreCase)
            && string.Equals(parsed.Name, package.Name, package.Type == "nuget" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
            && (parsed.Version is null || string.Equals(parsed.Version, package.Version, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsImage(string product, IReadOnlyCollection<string> imageDigests)
    {
        var parsed = Purl.TryParse(product);
        var digest = parsed?.Type == "oci" ? parsed.Version : product.Contains('@', StringComparison.Ordinal) ? product[(product.LastIndexOf('@') + 1)..] : null;
        return digest is not null && imageDigests.Contains(digest, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>Reads OpenVEX documents (v0.2.0, and v0.0.x where vulnerability and products are plain strings).</summary>
public static class OpenVexReader
{
    public static async Task<IReadOnlyList<VexStatement>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScException(DiagnosticIds.VexDocumentInvalid, path, ex.Message);
        }

        return Parse(bytes, path);
    }

    public static IReadOnlyList<VexStatement> Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("@context", out var context) || context.GetString()?.StartsWith("https://openvex.dev/ns", StringComparison.Ordinal) != true)
            {
                throw new ScException(DiagnosticIds.VexDocumentInvalid, source, "\"@context\" is not an OpenVEX context (https://openvex.dev/ns/v0.2.0)");
            }

            if (!root.TryGetProperty("statements", out var statements) || statements.ValueKind != JsonValueKind.Array)
            {
                throw new ScException(DiagnosticIds.VexDocumentInvalid, source, "there is no \"statements\" array");
            }

            var documentTime = Time(root);
            return statements.EnumerateArray().Select((s, i) => Statement(s, i, source, documentTime)).ToList();
        }
        catch (JsonException ex)
        {
            throw new ScException(DiagnosticIds.VexDocumentInvalid, source, ex.Message);
        }
    }

    private static VexStatement Statement(JsonElement statement, int index, string source, DateTimeOffset? documentTime)
    {
        var where = $"statement {index + 1}";
        var ids = new List<string>();
        if (statement.TryGetProperty("vulnerability", out var vulnerability))
        {
            if (vulnerability.ValueKind == JsonValueKind.String)
            {
                ids.Add(vulnerability.GetString()!);
            }
            else if (vulnerability.ValueKind == JsonValueKind.Object)
            {
                AddString(vulnerability, "name", ids);
                AddString(vulnerability, "@id", ids);
                if (vulnerability.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
                {
                    ids.AddRange(aliases.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }
            }
        }

        if (ids.Count == 0)
        {
            throw new ScException(DiagnosticIds.VexDocumentInvalid, source, $"{where} names no vulnerability");
        }

        var products = new List<VexProduct>();
        if (statement.TryGetProperty("products", out var productList) && productList.ValueKind == JsonValueKind.Array)
        {
            foreach (var product in productList.EnumerateArray())
            {
                var productIds = new List<string>();
                var subcomponents = new List<string>();
                AddComponent(product, productIds);
                if (product.ValueKind == JsonValueKind.Object && product.TryGetProperty("subcomponents", out var subs) && subs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var sub in subs.EnumerateArray())
                    {
                        AddComponent(sub, subcomponents);
                    }
                }

                if (productIds.Count > 0)
                {
                    products.Add(new VexProduct(productIds, subcomponents));
                }
            }
        }

        if (products.Count == 0)
        {
            throw new ScException(DiagnosticIds.VexDocumentInvalid, source, $"{where} names no product");
        }

        var status = (statement.TryGetProperty("status", out var s) ? s.GetString() : null) switch
        {
            "not_affected" => VexStatus.NotAffected,
            "affected" => VexStatus.Affected,
            "fixed" => VexStatus.Fixed,
            "under_investigation" => VexStatus.UnderInvestigation,
            var other => throw new ScException(DiagnosticIds.VexDocumentInvalid, source, $"{where} has status '{other}' (expected not_affected, affected, fixed or under_investigation)"),
        };
        var justification = statement.TryGetProperty("justification", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()
            : statement.TryGetProperty("impact_statement", out var impact) && impact.ValueKind == JsonValueKind.String ? impact.GetString() : null;
        return new VexStatement(ids, products, status, justification, Time(statement) ?? documentTime, source);
    }

    private static void AddComponent(JsonElement component, List<string> into)
    {
        if (component.ValueKind == JsonValueKind.String)
        {
            into.Add(component.GetString()!);
            return;
        }

        AddString(component, "@id", into);
        if (component.TryGetProperty("identifiers", out var identifiers) && identifiers.ValueKind == JsonValueKind.Object)
        {
            AddString(identifiers, "purl", into);
        }
    }

    private static void AddString(JsonElement element, string name, List<string> into)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            into.Add(text);
        }
    }

    private static DateTimeOffset? Time(JsonElement element) =>
        element.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time) ? time : null;
}
