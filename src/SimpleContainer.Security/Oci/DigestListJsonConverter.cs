using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimpleContainer.Security.Oci;

internal sealed class DigestListJsonConverter : JsonConverter<IReadOnlyList<Digest>>
{
    private static readonly DigestJsonConverter Item = new();

    public override IReadOnlyList<Digest> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of digests.");
        }

        var list = new List<Digest>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(Item.Read(ref reader, typeof(Digest), options));
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Digest> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var digest in value)
        {
            Item.Write(writer, digest, options);
        }

        writer.WriteEndArray();
    }
}
