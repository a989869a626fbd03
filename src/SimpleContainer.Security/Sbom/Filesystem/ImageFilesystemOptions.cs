using System.Globalization;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>The limits applied while reading layers; each guards against hostile or broken images.</summary>
public sealed record ImageFilesystemOptions
{
    public static readonly ImageFilesystemOptions Default = new();

    /// <summary>A selected file larger than this is skipped with <c>SCSEC3006</c>.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Uncompressed tar bytes read from one layer before it is refused with <c>SCSEC3003</c> (decompression-bomb guard).</summary>
    public long MaxLayerUncompressedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Tar entries in one layer before it is refused with <c>SCSEC3004</c>.</summary>
    public int MaxLayerEntries { get; init; } = 1_000_000;

    /// <summary>Bytes of selected files kept from one layer; later matches are skipped with <c>SCSEC3007</c>.</summary>
    public long MaxSelectedBytesPerLayer { get; init; } = 512L * 1024 * 1024;

    /// <summary>Links followed while resolving one path (Linux's limit is 40 too).</summary>
    public int MaxLinkHops { get; init; } = 40;

    /// <summary>Layers read at the same time.</summary>
    public int MaxParallelLayers { get; init; } = 4;

    /// <summary>What a cached layer catalog depends on besides the layer and the patterns.</summary>
    internal string CacheFingerprint => string.Create(CultureInfo.InvariantCulture, $"{MaxFileBytes}/{MaxLayerUncompressedBytes}/{MaxLayerEntries}/{MaxSelectedBytesPerLayer}");
}
