using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>HSalsa20 and the Salsa20/20 key stream: the two halves of XSalsa20 ("Extending the Salsa20 nonce").</summary>
internal static class XSalsa20
{
    public const int KeySize = 32;
    public const int BlockSize = 64;

    // "expand 32-byte k", little-endian words.
    private const uint Sigma0 = 0x61707865;
    private const uint Sigma1 = 0x3320646e;
    private const uint Sigma2 = 0x79622d32;
    private const uint Sigma3 = 0x6b206574;

    /// <summary>HSalsa20: derives the Salsa20 key for a 24-byte nonce from the key and the nonce's first 16 bytes.</summary>
    public static void DeriveSubKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce16, Span<byte> subKey)
    {
        if (key.Length != KeySize || nonce16.Length != 16 || subKey.Length != KeySize)
        {
            throw new ArgumentException("HSalsa20 takes a 32-byte key and a 16-byte nonce and gives a 32-byte key.");
        }

        Span<uint> state = stackalloc uint[16];
        SetKey(state, key);
        for (var i = 0; i < 4; i++)
        {
            state[6 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce16[(4 * i)..]);
        }

        Salsa20Core.Permute(state, state, 20, addInput: false);
        ReadOnlySpan<int> picks = [0, 5, 10, 15, 6, 7, 8, 9];
        for (var i = 0; i < picks.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(subKey[(4 * i)..], state[picks[i]]);
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(state));
    }

    /// <summary>
    /// XORs <paramref name="input"/> with the Salsa20/20 key stream of (<paramref name="key"/>, <paramref name="nonce8"/>)
    /// starting at 64-byte block <paramref name="counter"/>. <paramref name="output"/> may be the input itself.
    /// </summary>
    public static void XorKeyStream(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce8, ulong counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != KeySize || nonce8.Length != 8 || output.Length < input.Length)
        {
            throw new ArgumentException("Salsa20 takes a 32-byte key, an 8-byte nonce and an output as long as the input.");
        }

        Span<uint> state = stackalloc uint[16];
        Span<uint> block = stackalloc uint[16];
        Span<byte> stream = stackalloc byte[BlockSize];
        SetKey(state, key);
        state[6] = BinaryPrimitives.ReadUInt32LittleEndian(nonce8);
        state[7] = BinaryPrimitives.ReadUInt32LittleEndian(nonce8[4..]);

        for (var offset = 0; offset < input.Length; offset += BlockSize)
        {
            state[8] = (uint)counter;
            state[9] = (uint)(counter >> 32);
            Salsa20Core.Permute(state, block, 20, addInput: true);
            for (var i = 0; i < 16; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(stream[(4 * i)..], block[i]);
            }

            var count = Math.Min(BlockSize, input.Length - offset);
            for (var i = 0; i < count; i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
            }

            counter++;
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(state));
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block));
        CryptographicOperations.ZeroMemory(stream);
    }

    private static void SetKey(Span<uint> state, ReadOnlySpan<byte> key)
    {
        state[0] = Sigma0;
        state[5] = Sigma1;
        state[10] = Sigma2;
        state[15] = Sigma3;
        for (var i = 0; i < 4; i++)
        {
            state[1 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
            state[11 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(16 + 4 * i)..]);
        }
    }
}
