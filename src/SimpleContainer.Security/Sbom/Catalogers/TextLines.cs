using System.Text;

namespace SimpleContainer.Security.Sbom.Catalogers;

/// <summary>Splits a text database into lines, tolerating a byte-order mark and CRLF endings.</summary>
internal static class TextLines
{
    public static IReadOnlyList<string> Split(ReadOnlyMemory<byte> content)
    {
        var text = Encoding.UTF8.GetString(content.Span);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        return lines;
    }
}
