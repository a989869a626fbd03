using System.Globalization;
using System.Text;

namespace SimpleContainer.Security.Sigstore;

/// <summary>
/// Recognizes the bytes a DSSE signature covers (<c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>) and
/// takes them apart again. The keyless signer is handed only bytes; this is how it knows to log a <c>dsse</c> entry
/// (which names the payload's hash) rather than a <c>hashedrekord</c> over the encoding.
/// </summary>
public static class DssePreAuthentication
{
    private static readonly byte[] Prefix = "DSSEv1 "u8.ToArray();

    public static bool TryParse(ReadOnlySpan<byte> data, out string payloadType, out byte[] payload)
    {
        payloadType = string.Empty;
        payload = [];
        if (!data.StartsWith(Prefix))
        {
            return false;
        }

        var rest = data[Prefix.Length..];
        if (!TryReadLength(ref rest, out var typeLength) || rest.Length < typeLength + 1 || rest[typeLength] != (byte)' ')
        {
            return false;
        }

        var type = rest[..typeLength];
        rest = rest[(typeLength + 1)..];
        if (!TryReadLength(ref rest, out var bodyLength) || rest.Length != bodyLength)
        {
            return false;
        }

        payloadType = Encoding.UTF8.GetString(type);
        payload = rest.ToArray();
        return true;
    }

    private static bool TryReadLength(ref ReadOnlySpan<byte> rest, out int length)
    {
        length = 0;
        var space = rest.IndexOf((byte)' ');
        if (space is <= 0 or > 10 || !int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out length))
        {
            return false;
        }

        rest = rest[(space + 1)..];
        return true;
    }
}
