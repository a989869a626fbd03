using System.Buffers.Binary;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// The Poly1305 one-time authenticator (RFC 8439 section 2.5) with 26-bit limbs, free of data-dependent branches
/// and table look-ups. The key must never be used for two messages; <see cref="SecretBox"/> derives one per box.
/// </summary>
internal static class Poly1305
{
    public const int KeySize = 32;
    public const int TagSize = 16;

    private const uint Mask26 = 0x3ffffff;

    public static void ComputeTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        if (key.Length != KeySize || tag.Length != TagSize)
        {
            throw new ArgumentException("Poly1305 takes a 32-byte key and gives a 16-byte tag.");
        }

        // r is clamped as the specification requires; s1..s4 fold the 2^130 wrap-around (2^130 = 5 mod p).
        uint r0 = Le32(key, 0) & 0x3ffffff;
        uint r1 = (Le32(key, 3) >> 2) & 0x3ffff03;
        uint r2 = (Le32(key, 6) >> 4) & 0x3ffc0ff;
        uint r3 = (Le32(key, 9) >> 6) & 0x3f03fff;
        uint r4 = (Le32(key, 12) >> 8) & 0x00fffff;
        uint s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
        uint h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;

        Span<byte> last = stackalloc byte[16];
        for (var offset = 0; offset < message.Length; offset += 16)
        {
            scoped ReadOnlySpan<byte> chunk;
            uint highBit;
            if (message.Length - offset >= 16)
            {
                chunk = message.Slice(offset, 16);
                highBit = 1u << 24;
            }
            else
            {
                // A short final block is padded with a 1 byte and zeros instead of the 2^128 bit.
                last.Clear();
                message[offset..].CopyTo(last);
                last[message.Length - offset] = 1;
                chunk = last;
                highBit = 0;
            }

            h0 += Le32(chunk, 0) & Mask26;
            h1 += (Le32(chunk, 3) >> 2) & Mask26;
            h2 += (Le32(chunk, 6) >> 4) & Mask26;
            h3 += (Le32(chunk, 9) >> 6) & Mask26;
            h4 += (Le32(chunk, 12) >> 8) | highBit;

            ulong d0 = ((ulong)h0 * r0) + ((ulong)h1 * s4) + ((ulong)h2 * s3) + ((ulong)h3 * s2) + ((ulong)h4 * s1);
            ulong d1 = ((ulong)h0 * r1) + ((ulong)h1 * r0) + ((ulong)h2 * s4) + ((ulong)h3 * s3) + ((ulong)h4 * s2);
            ulong d2 = ((ulong)h0 * r2) + ((ulong)h1 * r1) + ((ulong)h2 * r0) + ((ulong)h3 * s4) + ((ulong)h4 * s3);
            ulong d3 = ((ulong)h0 * r3) + ((ulong)h1 * r2) + ((ulong)h2 * r1) + ((ulong)h3 * r0) + ((ulong)h4 * s4);
            ulong d4 = ((ulong)h0 * r4) + ((ulong)h1 * r3) + ((ulong)h2 * r2) + ((ulong)h3 * r1) + ((ulong)h4 * r0);

            ulong c = d0 >> 26; h0 = (uint)d0 & Mask26;
            d1 += c; c = d1 >> 26; h1 = (uint)d1 & Mask26;
            d2 += c; c = d2 >> 26; h2 = (uint)d2 & Mask26;
            d3 += c; c = d3 >> 26; h3 = (uint)d3 & Mask26;
            d4 += c; c = d4 >> 26; h4 = (uint)d4 & Mask26;
            h0 += (uint)c * 5; c = h0 >> 26; h0 &= Mask26;
            h1 += (uint)c;
        }

        last.Clear();

        // Full carry, then h mod p: compute g = h + 5 - 2^130 and take it when it did not borrow (constant time).
        uint carry = h1 >> 26; h1 &= Mask26;
        h2 += carry; carry = h2 >> 26; h2 &= Mask26;
        h3 += carry; carry = h3 >> 26; h3 &= Mask26;
        h4 += carry; carry = h4 >> 26; h4 &= Mask26;
        h0 += carry * 5; carry = h0 >> 26; h0 &= Mask26;
        h1 += carry;

        uint g0 = h0 + 5; carry = g0 >> 26; g0 &= Mask26;
        uint g1 = h1 + carry; carry = g1 >> 26; g1 &= Mask26;
        uint g2 = h2 + carry; carry = g2 >> 26; g2 &= Mask26;
        uint g3 = h3 + carry; carry = g3 >> 26; g3 &= Mask26;
        uint g4 = h4 + carry - (1u << 26);

        uint takeG = (g4 >> 31) - 1;
        uint keepH = ~takeG;
        h0 = (h0 & keepH) | (g0 & takeG);
        h1 = (h1 & keepH) | (g1 & takeG);
        h2 = (h2 & keepH) | (g2 & takeG);
        h3 = (h3 & keepH) | (g3 & takeG);
        h4 = (h4 & keepH) | (g4 & takeG);

        // To 4 x 32 bits, then tag = (h + s) mod 2^128.
        uint w0 = h0 | (h1 << 26);
        uint w1 = (h1 >> 6) | (h2 << 20);
        uint w2 = (h2 >> 12) | (h3 << 14);
        uint w3 = (h3 >> 18) | (h4 << 8);

        ulong f = (ulong)w0 + Le32(key, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)f);
        f = (ulong)w1 + Le32(key, 20) + (f >> 32);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[4..], (uint)f);
        f = (ulong)w2 + Le32(key, 24) + (f >> 32);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[8..], (uint)f);
        f = (ulong)w3 + Le32(key, 28) + (f >> 32);
        BinaryPrimitives.WriteUInt32LittleEndian(tag[12..], (uint)f);
    }

    private static uint Le32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
}
