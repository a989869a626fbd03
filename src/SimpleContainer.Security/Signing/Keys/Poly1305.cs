using Org.BouncyCastle.Crypto.Parameters;
using BcPoly1305 = Org.BouncyCastle.Crypto.Macs.Poly1305;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// The Poly1305 one-time authenticator (RFC 8439 section 2.5), BouncyCastle's. The key must never be used for two
/// messages; <see cref="SecretBox"/> derives one per box.
/// </summary>
internal static class Poly1305
{
    public const int KeySize = 32;
    public const int TagSize = 16;

    public static void ComputeTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        if (key.Length != KeySize || tag.Length != TagSize)
        {
            throw new ArgumentException("Poly1305 takes a 32-byte key and gives a 16-byte tag.");
        }

        // Without a block cipher BouncyCastle's Poly1305 takes the 32-byte one-time key r || s and clamps r itself.
        var mac = new BcPoly1305();
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(message);
        mac.DoFinal(tag);
    }
}
