using System.Buffers;
using System.Text.Json;
using SimpleContainer.Security.Sbom.Model;

namespace SimpleContainer.Security.Sbom.Writers;

public enum CycloneDxVersion
{
    V1_5,
    V1_6,
}

/// <summary>CycloneDX JSON 1.6 (the default) or 1.5. Both versions take <c>metadata.tools.components</c>.</summary>
public sealed class CycloneDxJsonWriter(CycloneDxVersion version = CycloneDxVersion.V1_6) : ISbomWriter
{
    public const string JsonMediaType = "application/vnd.cyclonedx+json";

    public CycloneDxVersion Version { get; } = version;

    public string SpecVersion => Version == CycloneDxVersion.V1_5 ? "1.5" : "1.6";

    public string MediaType => JsonMediaType;

    public void Write(SbomDocument document, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var writer = SbomJson.CreateWriter(output);
        writer.WriteStartObject();
        writer.WriteString("$schema", $"http://cyclonedx.org/schema/bom-{SpecVersion}.schema.json");
        writer.WriteString("bomFormat", "CycloneDX");
        writer.WriteString("specVersion", SpecVersion);
        writer.WriteString("serialNumber", $"urn:uuid:{document.SerialNumber:D}");
        writer.WriteNumber("version", 1);

        writer.WriteStartObject("metadata");
        writer.WriteString("timestamp", SbomJson.Timestamp(document.Created));
        writer.WriteStartObject("tools");
        writer.WriteStartArray("components");
        foreach (var tool in document.Tools)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "application");
            writer.WriteStartObject("supplier");
            writer.WriteString("name", tool.Vendor);
            writer.WriteEndObject();
            writer.WriteString("name", tool.Name);
            writer.WriteString("version", tool.Version);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WritePropertyName("component");
        WriteComponent(writer, document.Subject.ToComponent());
        writer.WriteEndObject();

        writer.WriteStartArray("components");
        foreach (var component in document.Components)
        {
            WriteComponent(writer, component);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dependencies");
        foreach (var dependency in document.Dependencies)
        {
            writer.WriteStartObject();
            writer.WriteString("ref", dependency.Ref);
            writer.WriteStartArray("dependsOn");
            foreach (var target in dependency.DependsOn)
            {
                writer.WriteStringValue(target);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter writer, SbomComponent component)
    {
        writer.WriteStartObject();
        writer.WriteString("bom-ref", component.BomRef);
        writer.WriteString("type", TypeName(component.Type));
        if (component.Supplier is { Length: > 0 } supplier)
        {
            var (name, email) = SbomJson.SplitContact(supplier);
            writer.WriteStartObject("supplier");
            writer.WriteString("name", name);
            if (email is not null)
            {
                writer.WriteStartArray("contact");
                writer.WriteStartObject();
                writer.WriteString("email", email);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteString("name", component.Name);
        writer.WriteIfPresent("version", component.Version);
        writer.WriteIfPresent("description", component.Description);
        if (component.Hashes.Count > 0)
        {
            writer.WriteStartArray("hashes");
            foreach (var hash in component.Hashes)
            {
                writer.WriteStartObject();
                writer.WriteString("alg", hash.Algorithm);
                writer.WriteString("content", hash.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteLicenses(writer, component.Licenses);
        writer.WriteIfPresent("purl", component.Purl?.ToString());
        if (SbomJson.IsAbsoluteUrl(component.Homepage))
        {
            writer.WriteStartArray("externalReferences");
            writer.WriteStartObject();
            writer.WriteString("type", "website");
            writer.WriteString("url", component.Homepage);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (component.Properties.Count > 0)
        {
            writer.WriteStartArray("properties");
            foreach (var property in component.Properties)
            {
                writer.WriteStartObject();
                writer.WriteString("name", property.Name);
                writer.WriteString("value", property.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteLicenses(Utf8JsonWriter writer, IReadOnlyList<SbomLicense> licenses)
    {
        if (licenses.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("licenses");

        // The schema allows either license objects or a single expression; several expressions are joined with AND.
        var expressions = licenses.Where(l => l.Kind == LicenseKind.Expression).ToList();
        if (expressions.Count > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("expression", string.Join(" AND ", licenses.Select(l => l.Kind == LicenseKind.Name ? null : (licenses.Count > 1 ? $"({l.Value})" : l.Value)).OfType<string>()));
            writer.WriteEndObject();
        }
        else
        {
            foreach (var license in licenses)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("license");
                writer.WriteString(license.Kind == LicenseKind.SpdxId ? "id" : "name", license.Value);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    private static string TypeName(ComponentType type) => type switch
    {
        ComponentType.Application => "application",
        ComponentType.Framework => "framework",
        ComponentType.OperatingSystem => "operating-system",
        ComponentType.Container => "container",
        ComponentType.File => "file",
        _ => "library",
    };
}
