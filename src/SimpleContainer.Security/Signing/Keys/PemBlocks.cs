using System.Security.Cryptography;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>Finds PEM blocks by label (RFC 7468), skipping others such as <c>EC PARAMETERS</c>.</summary>
internal static class PemBlocks
{
    /// <summary>
    /// The first block whose label is in <paramref name="labels"/>, decoded (the caller zeroes private key bytes),
    /// or null; <paramref name="others"/> lists the labels of the blocks passed over.
    /// </summary>
    public static (string Label, byte[] Data)? Find(ReadOnlySpan<char> text, ReadOnlySpan<string> labels, out List<string> others)
    {
        others = [];
        var rest = text;
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (labels.Contains(label))
            {
                var data = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], data, out var written) || written != data.Length)
                {
                    throw new InvalidOperationException("PemEncoding accepted base64 that Convert refuses.");
                }

                return (label, data);
            }

            others.Add(label);
            rest = rest[fields.Location.End..];
        }

        return null;
    }
}
