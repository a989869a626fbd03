using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Oci.Layout;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.Benchmarks.Evaluation;
using SimpleContainer.Security.Benchmarks.Signing;
using SimpleContainer.Security.Benchmarks.VulnerabilityData;

// Benchmark driver (tests/benchmarks/sbom.sh runs it):
//   make-image DIR      a ~100 MB three-layer OCI layout from real files of this machine: the OS (its real dpkg status
//                       database, os-release) with perl's library, the .NET shared runtimes, and binaries from /usr/bin
//   sbom DIR [WARM]     one cold SBOM (new generator, empty layer cache), then WARM runs on the same generator (cached
//                       layers); prints seconds per run, component count and peak working set
//   vulndb-generate DIR [RECORDS]   OSV all.zip files per ecosystem (NuGet, Debian, Alpine, Ubuntu), 205,000 records by default
//   vulndb-import DIR DB            imports every all.zip under DIR into the database DB; prints records/s and the size
//   vulndb-import-nuget URL DB      imports a NuGet V3 source's VulnerabilityInfo/6.7.0 data twice (changed, then unchanged)
//   vulndb-lookup DB [RUNS]         batched lookup of the keys of a 500-component SBOM: first and warm median time
//   vulndb-scan DB [RUNS]           the builtin scan of the same SBOM (lookup, ranges, severity, merge): first and warm median
//   key-decrypt-sign KEY PASSWORD [RUNS]   reads a cosign-encrypted key (scrypt + XSalsa20-Poly1305) and signs: median times
//   evaluation-cost ROUNDS PROJECT...      CPU time of cold MSBuild evaluations of each project, shuffled, paired against
//                                          the first (tests/benchmarks/publish-hook-overhead.sh runs it with SC_BENCH_EVALUATIONS)
return args switch
{
    ["make-image", var dir] => await MakeImageAsync(dir),
    ["sbom", var dir] => await SbomAsync(dir, 5),
    ["sbom", var dir, var warm] => await SbomAsync(dir, int.Parse(warm, System.Globalization.CultureInfo.InvariantCulture)),
    ["vulndb-generate", var dir] => VulnerabilityDatabaseBenchmark.Generate(dir, 205_000),
    ["vulndb-generate", var dir, var records] => VulnerabilityDatabaseBenchmark.Generate(dir, int.Parse(records, System.Globalization.CultureInfo.InvariantCulture)),
    ["vulndb-import", var dir, var db] => await VulnerabilityDatabaseBenchmark.ImportAsync(dir, db),
    ["vulndb-import-nuget", var url, var db] => await VulnerabilityDatabaseBenchmark.ImportNuGetAsync(url, db),
    ["vulndb-lookup", var db] => await VulnerabilityDatabaseBenchmark.LookupAsync(db, 9),
    ["vulndb-lookup", var db, var runs] => await VulnerabilityDatabaseBenchmark.LookupAsync(db, int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["vulndb-scan", var db] => await VulnerabilityDatabaseBenchmark.ScanAsync(db, 9),
    ["vulndb-scan", var db, var runs] => await VulnerabilityDatabaseBenchmark.ScanAsync(db, int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["key-decrypt-sign", var key, var password] => KeyDecryptSignBenchmark.Run(key, password, 15),
    ["key-decrypt-sign", var key, var password, var runs] => KeyDecryptSignBenchmark.Parse(key, password, runs),
    ["evaluation-cost", var rounds, .. var projects] when projects.Length > 1 => EvaluationCostBenchmark.Run(rounds, projects),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SimpleContainer.Security.Benchmarks make-image DIR | sbom DIR [WARM_RUNS] | vulndb-generate DIR [RECORDS] | vulndb-import DIR DB | vulndb-import-nuget URL DB | vulndb-lookup DB [RUNS] | vulndb-scan DB [RUNS] | key-decrypt-sign KEY PASSWORD [RUNS] | evaluation-cost ROUNDS PROJECT PROJECT...");
    return 3;
}

static async Task<int> MakeImageAsync(string dir)
{
    var blobs = Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256")).FullName;
    var layers = new List<(Descriptor Descriptor, Digest DiffId)>
    {
        await WriteLayerAsync(blobs, [("/var/lib/dpkg/status", "var/lib/dpkg/status"), ("/etc/os-release", "etc/os-release"), ("/etc/debian_version", "etc/debian_version"), ("/usr/lib/os-release", "usr/lib/os-release"), ("/usr/share/perl", "usr/share/perl")], long.MaxValue),
        await WriteLayerAsync(blobs, [("/usr/share/dotnet/shared", "usr/share/dotnet/shared")], long.MaxValue),
        await WriteLayerAsync(blobs, [("/usr/bin", "usr/bin")], 120L * 1024 * 1024),
    };
    var config = OciJson.Serialize(new
    {
        architecture = "amd64",
        os = "linux",
        rootfs = new { type = "layers", diff_ids = layers.Select(l => l.DiffId.ToString()).ToArray() },
    });
    var configDescriptor = await WriteBlobAsync(blobs, MediaTypes.OciConfig, config);
    var manifest = OciJson.Serialize(new ImageManifest { MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = layers.Select(l => l.Descriptor).ToList() });
    var manifestDescriptor = await WriteBlobAsync(blobs, MediaTypes.OciManifest, manifest);
    await File.WriteAllTextAsync(Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
    await File.WriteAllBytesAsync(Path.Combine(dir, "index.json"), OciJson.Serialize(new ImageIndex
    {
        MediaType = MediaTypes.OciIndex,
        Manifests = [manifestDescriptor with { Annotations = new Dictionary<string, string> { [OciImageLayout.RefNameAnnotation] = "bench" } }],
    }));
    Console.WriteLine($"layers: {string.Join(", ", layers.Select(l => $"{l.Descriptor.Size / 1048576.0:0.0} MiB"))}; total {layers.Sum(l => l.Descriptor.Size) / 1048576.0:0.0} MiB compressed");
    return 0;
}

static async Task<(Descriptor, Digest)> WriteLayerAsync(string blobs, IReadOnlyList<(string Source, string Target)> roots, long maxBytes)
{
    var tarPath = Path.GetTempFileName();
    var gzPath = Path.GetTempFileName();
    long written = 0;
    await using (var tarStream = File.Create(tarPath))
    await using (var writer = new TarWriter(tarStream, TarEntryFormat.Pax))
    {
        foreach (var (source, target) in roots)
        {
            IEnumerable<string> files = File.Exists(source) ? [source] : Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is not null || written + info.Length > maxBytes)
                {
                    continue;
                }

                var name = File.Exists(source) ? target : target + "/" + Path.GetRelativePath(source, file).Replace('\\', '/');
                await writer.WriteEntryAsync(file, name);
                written += info.Length;
            }
        }
    }

    var diffId = Digest.FromSha256Hash(await SHA256.HashDataAsync(File.OpenRead(tarPath)));
    await using (var input = File.OpenRead(tarPath))
    await using (var output = File.Create(gzPath))
    await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
    {
        await input.CopyToAsync(gzip);
    }

    File.Delete(tarPath);
    var digest = Digest.FromSha256Hash(await SHA256.HashDataAsync(File.OpenRead(gzPath)));
    var size = new FileInfo(gzPath).Length;
    File.Move(gzPath, Path.Combine(blobs, digest.Hex), overwrite: true);
    return (new Descriptor { MediaType = MediaTypes.OciLayerTarGzip, Digest = digest, Size = size }, diffId);
}

static async Task<Descriptor> WriteBlobAsync(string blobs, string mediaType, byte[] content)
{
    var descriptor = Descriptor.For(mediaType, content);
    await File.WriteAllBytesAsync(Path.Combine(blobs, descriptor.Digest.Hex), content);
    return descriptor;
}

static async Task<int> SbomAsync(string dir, int warmRuns)
{
    using var layout = await OciImageLayout.OpenAsync(dir);
    var platforms = await ImagePlatforms.FromLayoutAsync(layout, "bench/image", CancellationToken.None);
    var generator = new SbomGenerator();
    var writer = new CycloneDxJsonWriter();
    for (var run = 0; run <= warmRuns; run++)
    {
        var watch = Stopwatch.StartNew();
        var result = await generator.GenerateAsync(platforms[0].Subject, platforms[0].Layers, CancellationToken.None);
        var bytes = writer.ToBytes(result.Document);
        watch.Stop();
        Console.WriteLine($"{(run == 0 ? "cold" : "warm")} {watch.Elapsed.TotalSeconds:0.000} s, {result.Document.Components.Count} components, {bytes.Length} bytes");
    }

    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
    return 0;
}
