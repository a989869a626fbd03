using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SimpleContainer.Security.Sbom.Writers;

/// <summary>The JSON conventions every SBOM writer shares: two-space indentation, LF line ends, UTF-8 without needless escapes.</summary>
internal static class SbomJson
{
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, new JsonWriterOptions
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>UTC to the second: <c>2026-11-22T10:00:00Z</c> (SPDX requires this form; CycloneDX accepts it).</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void WriteIfPresent(this Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Splits <c>Name &lt;email&gt;</c>; the email only when it looks like one.</summary>
    public static (string Name, string? Email) SplitContact(string text)
    {
        var open = text.LastIndexOf('<');
        var close = text.LastIndexOf('>');
        if (open < 0 || close < open)
        {
            return (text.Trim(), null);
        }

        var email = text[(open + 1)..close].Trim();
        var name = text[..open].Trim();
        var plausible = email.IndexOf('@', StringComparison.Ordinal) is var at and > 0 && at < email.Length - 1 && !email.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or ',');
        return (name.Length > 0 ? name : email, plausible ? email : null);
    }

    public static bool IsAbsoluteUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
