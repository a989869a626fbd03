using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Writers;

/// <summary>
/// SPDX 2.3 JSON: the image is the described package (DESCRIBES), it CONTAINS every component, and package
/// dependencies become DEPENDS_ON. Licenses that are not valid SPDX expressions are written as NOASSERTION.
/// </summary>
public sealed class SpdxJsonWriter : ISbomWriter
{
    public const string JsonMediaType = "application/spdx+json";
    public const string DefaultNamespaceBase = "https://spdx.org/spdxdocs/simplecontainer-security/";
    private const string NoAssertion = "NOASSERTION";

    /// <summary>The start of every <c>documentNamespace</c>; the image name and the document's id follow.</summary>
    public string NamespaceBase { get; init; } = DefaultNamespaceBase;

    public string MediaType => JsonMediaType;

    public void Write(SbomDocument document, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(document);
        var subject = document.Subject.ToComponent();
        var ids = document.Components.ToDictionary(c => c.BomRef, c => PackageId("Package", c), StringComparer.Ordinal);
        ids[subject.BomRef] = PackageId("Image", subject);

        using var writer = SbomJson.CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("spdxVersion", "SPDX-2.3");
        writer.WriteString("dataLicense", "CC0-1.0");
        writer.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        writer.WriteString("name", document.Subject.Display);
        writer.WriteString("documentNamespace", $"{NamespaceBase}{Sanitize(document.Subject.Name, '-')}-{document.SerialNumber:D}");
        writer.WriteStartObject("creationInfo");
        writer.WriteString("created", SbomJson.Timestamp(document.Created));
        writer.WriteStartArray("creators");
        foreach (var tool in document.Tools)
        {
            writer.WriteStringValue($"Tool: {tool.Name}-{tool.Version}");
        }

        foreach (var vendor in document.Tools.Select(t => t.Vendor).Distinct(StringComparer.Ordinal))
        {
            writer.WriteStringValue($"Organization: {vendor}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartArray("documentDescribes");
        writer.WriteStringValue(ids[subject.BomRef]);
        writer.WriteEndArray();

        writer.WriteStartArray("packages");
        WritePackage(writer, subject, ids[subject.BomRef]);
        foreach (var component in document.Components)
        {
            WritePackage(writer, component, ids[component.BomRef]);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("relationships");
        WriteRelationship(writer, "SPDXRef-DOCUMENT", "DESCRIBES", ids[subject.BomRef]);
        foreach (var component in document.Components)
        {
            WriteRelationship(writer, ids[subject.BomRef], "CONTAINS", ids[component.BomRef]);
        }

        foreach (var dependency in document.Dependencies.Where(d => d.Ref != subject.BomRef && ids.ContainsKey(d.Ref)))
        {
            foreach (var target in dependency.DependsOn.Where(ids.ContainsKey))
            {
                WriteRelationship(writer, ids[dependency.Ref], "DEPENDS_ON", ids[target]);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter writer, SbomComponent component, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("SPDXID", id);
        writer.WriteString("name", component.Name);
        writer.WriteIfPresent("versionInfo", component.Version);
        writer.WriteString("supplier", Supplier(component.Supplier));
        writer.WriteString("downloadLocation", NoAssertion);
        writer.WriteBoolean("filesAnalyzed", false);
        if (SbomJson.IsAbsoluteUrl(component.Homepage))
        {
            writer.WriteString("homepage", component.Homepage);
        }

        if (component.Hashes.Count > 0)
        {
            writer.WriteStartArray("checksums");
            foreach (var hash in component.Hashes)
            {
                writer.WriteStartObject();
                writer.WriteString("algorithm", hash.Algorithm.Replace("-", string.Empty, StringComparison.Ordinal));
                writer.WriteString("checksumValue", hash.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (SourceInfo(component) is { } sourceInfo)
        {
            writer.WriteString("sourceInfo", sourceInfo);
        }

        writer.WriteString("licenseConcluded", NoAssertion);
        var expressions = component.Licenses.Select(l => l.SpdxExpressionText).ToList();
        writer.WriteString("licenseDeclared", expressions.Count == 0 || expressions.Any(e => e is null)
            ? NoAssertion
            : string.Join(" AND ", expressions.Select(e => expressions.Count > 1 ? $"({e})" : e)));
        writer.WriteString("copyrightText", NoAssertion);
        writer.WriteIfPresent("summary", component.Description);
        if (component.Purl is { } purl)
        {
            writer.WriteStartArray("externalRefs");
            writer.WriteStartObject();
            writer.WriteString("referenceCategory", "PACKAGE-MANAGER");
            writer.WriteString("referenceType", "purl");
            writer.WriteString("referenceLocator", purl.ToString());
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteString("primaryPackagePurpose", Purpose(component.Type));
        writer.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter writer, string from, string type, string to)
    {
        writer.WriteStartObject();
        writer.WriteString("spdxElementId", from);
        writer.WriteString("relationshipType", type);
        writer.WriteString("relatedSpdxElement", to);
        writer.WriteEndObject();
    }

    /// <summary>Where the package was found, from the properties the catalogers recorded.</summary>
    private static string? SourceInfo(SbomComponent component)
    {
        var cataloger = component.Properties.FirstOrDefault(p => p.Name == SbomProperty.Cataloger)?.Value;
        var locations = component.Properties.Where(p => p.Name == SbomProperty.LocationPath).Select(p => p.Value).ToList();
        var layers = component.Properties.Where(p => p.Name == SbomProperty.LayerDigest).Select(p => p.Value).ToList();
        var inLayers = layers.Count == 0 ? string.Empty : $" (layer {string.Join(", ", layers)})";
        return cataloger is null ? null : $"found by {cataloger} in {string.Join(", ", locations)}{inLayers}";
    }

    private static string Supplier(string? supplier)
    {
        if (string.IsNullOrWhiteSpace(supplier))
        {
            return NoAssertion;
        }

        var (name, email) = SbomJson.SplitContact(supplier);
        var clean = name.Replace('(', '[').Replace(')', ']');
        return email is null ? $"Person: {clean}" : $"Person: {clean} ({email})";
    }

    /// <summary>A readable, unique SPDX id: <c>SPDXRef-Package-deb-libc6-&lt;16 hex of the bom-ref's sha256&gt;</c>.</summary>
    private static string PackageId(string kind, SbomComponent component)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(component.BomRef)))[..16];
        var type = component.Purl?.Type ?? component.Type.ToString().ToLowerInvariant();
        return $"SPDXRef-{kind}-{Sanitize(type, '-')}-{Sanitize(component.Name, '-')}-{hash}";
    }

    private static string Sanitize(string text, char replacement)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : replacement);
        }

        return builder.ToString();
    }

    private static string Purpose(ComponentType type) => type switch
    {
        ComponentType.Application => "APPLICATION",
        ComponentType.Framework => "FRAMEWORK",
        ComponentType.OperatingSystem => "OPERATING_SYSTEM",
        ComponentType.Container => "CONTAINER",
        ComponentType.File => "FILE",
        _ => "LIBRARY",
    };
}
