using System.Numerics;

namespace SimpleContainer.Security.Signing.Keys;

/// <summary>
/// The Salsa20 permutation (D. J. Bernstein, "The Salsa20 family of stream ciphers"), shared by Salsa20/20 and
/// HSalsa20 (XSalsa20, for <see cref="SecretBox"/>) and by Salsa20/8 (scrypt's mixing function).
/// </summary>
internal static class Salsa20Core
{
    /// <summary>
    /// Applies <paramref name="rounds"/> rounds to the 16 words of <paramref name="input"/>. With
    /// <paramref name="addInput"/> the input is added word-wise afterwards (the Salsa20 core); without it the raw
    /// permutation is returned (what HSalsa20 needs). <paramref name="output"/> may be the same span as the input.
    /// </summary>
    public static void Permute(ReadOnlySpan<uint> input, Span<uint> output, int rounds, bool addInput)
    {
        if (input.Length != 16 || output.Length != 16 || rounds <= 0 || rounds % 2 != 0)
        {
            throw new ArgumentException("Salsa20 works on 16 words with an even number of rounds.");
        }

        uint x0 = input[0], x1 = input[1], x2 = input[2], x3 = input[3];
        uint x4 = input[4], x5 = input[5], x6 = input[6], x7 = input[7];
        uint x8 = input[8], x9 = input[9], x10 = input[10], x11 = input[11];
        uint x12 = input[12], x13 = input[13], x14 = input[14], x15 = input[15];

        for (var i = 0; i < rounds; i += 2)
        {
            // Column round.
            x4 ^= BitOperations.RotateLeft(x0 + x12, 7);
            x8 ^= BitOperations.RotateLeft(x4 + x0, 9);
            x12 ^= BitOperations.RotateLeft(x8 + x4, 13);
            x0 ^= BitOperations.RotateLeft(x12 + x8, 18);
            x9 ^= BitOperations.RotateLeft(x5 + x1, 7);
            x13 ^= BitOperations.RotateLeft(x9 + x5, 9);
            x1 ^= BitOperations.RotateLeft(x13 + x9, 13);
            x5 ^= BitOperations.RotateLeft(x1 + x13, 18);
            x14 ^= BitOperations.RotateLeft(x10 + x6, 7);
            x2 ^= BitOperations.RotateLeft(x14 + x10, 9);
            x6 ^= BitOperations.RotateLeft(x2 + x14, 13);
            x10 ^= BitOperations.RotateLeft(x6 + x2, 18);
            x3 ^= BitOperations.RotateLeft(x15 + x11, 7);
            x7 ^= BitOperations.RotateLeft(x3 + x15, 9);
            x11 ^= BitOperations.RotateLeft(x7 + x3, 13);
            x15 ^= BitOperations.RotateLeft(x11 + x7, 18);

            // Row round.
            x1 ^= BitOperations.RotateLeft(x0 + x3, 7);
            x2 ^= BitOperations.RotateLeft(x1 + x0, 9);
            x3 ^= BitOperations.RotateLeft(x2 + x1, 13);
            x0 ^= BitOperations.RotateLeft(x3 + x2, 18);
            x6 ^= BitOperations.RotateLeft(x5 + x4, 7);
            x7 ^= BitOperations.RotateLeft(x6 + x5, 9);
            x4 ^= BitOperations.RotateLeft(x7 + x6, 13);
            x5 ^= BitOperations.RotateLeft(x4 + x7, 18);
            x11 ^= BitOperations.RotateLeft(x10 + x9, 7);
            x8 ^= BitOperations.RotateLeft(x11 + x10, 9);
            x9 ^= BitOperations.RotateLeft(x8 + x11, 13);
            x10 ^= BitOperations.RotateLeft(x9 + x8, 18);
            x12 ^= BitOperations.RotateLeft(x15 + x14, 7);
            x13 ^= BitOperations.RotateLeft(x12 + x15, 9);
            x14 ^= BitOperations.RotateLeft(x13 + x12, 13);
            x15 ^= BitOperations.RotateLeft(x14 + x13, 18);
        }

        if (addInput)
        {
            x0 += input[0]; x1 += input[1]; x2 += input[2]; x3 += input[3];
            x4 += input[4]; x5 += input[5]; x6 += input[6]; x7 += input[7];
            x8 += input[8]; x9 += input[9]; x10 += input[10]; x11 += input[11];
            x12 += input[12]; x13 += input[13]; x14 += input[14]; x15 += input[15];
        }

        output[0] = x0; output[1] = x1; output[2] = x2; output[3] = x3;
        output[4] = x4; output[5] = x5; output[6] = x6; output[7] = x7;
        output[8] = x8; output[9] = x9; output[10] = x10; output[11] = x11;
        output[12] = x12; output[13] = x13; output[14] = x14; output[15] = x15;
    }
}
