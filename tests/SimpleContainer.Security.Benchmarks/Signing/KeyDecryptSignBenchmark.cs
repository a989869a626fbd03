using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimpleContainer.Security.Signing.Keys;

namespace SimpleContainer.Security.Benchmarks.Signing;

/// <summary>
/// The key work of one signature, in-process: read a cosign-encrypted key file (scrypt N=65536, r=8, p=1, then
/// XSalsa20-Poly1305) and sign one simple-signing-sized payload with it. Process start-up is left out on purpose:
/// this is the part the key cryptography decides.
/// </summary>
internal static class KeyDecryptSignBenchmark
{
    public static int Run(string keyPath, string password, int runs)
    {
        var payload = Encoding.UTF8.GetBytes(new string('x', 300));
        var decrypt = new List<double>();
        var sign = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            using var key = KeyFiles.LoadPrivateKey(keyPath, password);
            var decrypted = watch.Elapsed.TotalMilliseconds;
            _ = key.Sign(payload);
            var total = watch.Elapsed.TotalMilliseconds;
            if (run == 0)
            {
                Console.WriteLine(FormattableString.Invariant($"first: decrypt {decrypted:0.0} ms, sign {total - decrypted:0.00} ms"));
                continue;
            }

            decrypt.Add(decrypted);
            sign.Add(total - decrypted);
        }

        Console.WriteLine(FormattableString.Invariant($"runs: {runs}; median decrypt {Median(decrypt):0.0} ms (min {decrypt.Min():0.0}, max {decrypt.Max():0.0}); median sign {Median(sign):0.00} ms; median decrypt+sign {Median(decrypt.Zip(sign, (d, s) => d + s).ToList()):0.0} ms"));
        return 0;
    }

    public static int Parse(string keyPath, string password, string runs) =>
        Run(keyPath, password, int.Parse(runs, CultureInfo.InvariantCulture));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
