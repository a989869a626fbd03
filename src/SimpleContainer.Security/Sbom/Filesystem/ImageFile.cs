using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// A selected file of the image: the path it was asked for by, the real path its bytes have after following links,
/// the layer those bytes come from, and the bytes.
/// </summary>
public sealed record ImageFile(string Path, string RealPath, Digest LayerDigest, ReadOnlyMemory<byte> Content);

/// <summary>The files an image has for a set of patterns, and what went wrong while reading them.</summary>
public sealed record FileSelection(IReadOnlyList<ImageFile> Files, IReadOnlyList<ScDiagnostic> Diagnostics)
{
    /// <summary>The selected files whose path matches any of <paramref name="patterns"/>, in path order.</summary>
    public IReadOnlyList<ImageFile> Matching(IEnumerable<FilePattern> patterns)
    {
        var list = patterns.ToList();
        return Files.Where(f => list.Any(p => p.Matches(f.Path))).ToList();
    }
}
