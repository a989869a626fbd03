using System.Text.Json;
using System.Text.Json.Serialization;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci;

/// <summary>JSON settings and (de)serialisation of OCI documents.</summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Parses <paramref name="content"/> as <typeparamref name="T"/>, with a coded error naming <paramref name="what"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> content, string what, string mediaType)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content, Options) ?? throw new JsonException("the document is null");
        }
        catch (JsonException ex)
        {
            throw new ScException(new ScDiagnostic(DiagnosticIds.InvalidManifest, DiagnosticSeverity.Error, what, mediaType, ex.Message), ex);
        }
    }

    /// <summary>Reads the top-level <c>mediaType</c> of a manifest, or null when it has none.</summary>
    public static string? PeekMediaType(ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMediaType = reader.ValueTextEquals("mediaType"u8);
                reader.Read();
                if (isMediaType && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
