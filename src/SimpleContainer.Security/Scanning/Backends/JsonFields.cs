using System.Globalization;
using System.Text.Json;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>Lenient reads of optional JSON members: a member that is missing, null or of another kind reads as null.</summary>
internal static class JsonFields
{
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? String(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    public static double? Number(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var number) ? number : null;

    public static long? Integer(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    public static IEnumerable<string> Strings(this JsonElement element, string name) =>
        element.Array(name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(s => s.Length > 0);

    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        element.String(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time.Year > 1 ? time : null;

    /// <summary>The root object of a JSON document, or <see cref="InvalidDataException"/> when it is another kind.</summary>
    public static JsonElement RootObject(JsonDocument document, string what) =>
        document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw new InvalidDataException($"the output is not a JSON object ({what} expected)");
}
