using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>
/// OLPC canonical JSON as securesystemslib writes it for TUF signatures: no whitespace, object keys sorted, strings
/// with only <c>"</c> and <c>\</c> escaped (everything else raw UTF-8), integers only.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Encode(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                // Python sorts str keys by code point; ordinal UTF-16 order is the same outside surrogate pairs,
                // which TUF metadata keys (role names, key ids, file names) do not use.
                foreach (var property in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(builder, property.Key);
                    builder.Append(':');
                    Write(builder, property.Value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(builder, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    case JsonValueKind.Null:
                        builder.Append("null");
                        break;
                    case JsonValueKind.Number when IsInteger(value.ToJsonString()):
                        builder.Append(value.ToJsonString());
                        break;
                    default:
                        throw new JsonException("canonical JSON has integers only, not " + value.ToJsonString());
                }

                break;
        }
    }

    private static bool IsInteger(string number) =>
        number.Length > 0 && number.AsSpan(number[0] == '-' ? 1 : 0) is { Length: > 0 } digits && !digits.ContainsAnyExceptInRange('0', '9');

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }
}
