using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>
/// Layer catalogs kept on disk, one file per layer digest and pattern set, so a base layer shared by many services is
/// read once across builds and processes (CI can cache the folder). Entries are written atomically; an unreadable
/// entry is ignored and replaced. The folder is the user's, like NuGet's package cache.
/// </summary>
public sealed class FileLayerCatalogCache(string folder) : ILayerCatalogCache
{
    public const string FolderVariable = "SC_CACHE_DIR";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<LayerCatalogKey, LayerCatalog> _memory = new();

    public string Folder { get; } = folder;

    /// <summary><c>$SC_CACHE_DIR/sbom-layers</c>, else <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> + <c>/simplecontainer-security/sbom-layers</c>.</summary>
    public static FileLayerCatalogCache FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var root = getVariable(FolderVariable) is { Length: > 0 } explicitRoot
            ? explicitRoot
            : Path.Combine(getVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(getVariable("HOME") ?? Path.GetTempPath(), ".cache"), "simplecontainer-security");
        return new FileLayerCatalogCache(Path.Combine(root, "sbom-layers"));
    }

    public bool TryGet(LayerCatalogKey key, out LayerCatalog catalog)
    {
        if (_memory.TryGetValue(key, out catalog!))
        {
            return true;
        }

        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            var stored = JsonSerializer.Deserialize<StoredCatalog>(File.ReadAllBytes(path), Json);
            if (stored is null || stored.Layer != key.LayerDigest.ToString())
            {
                return false;
            }

            catalog = stored.ToCatalog(key.LayerDigest);
            _memory[key] = catalog;
            return true;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    public void Store(LayerCatalogKey key, LayerCatalog catalog)
    {
        _memory[key] = catalog;
        try
        {
            AtomicFile.WriteAllBytesAsync(PathOf(key), JsonSerializer.SerializeToUtf8Bytes(StoredCatalog.From(catalog), Json)).GetAwaiter().GetResult();
        }
        catch (ScException)
        {
            // A cache that cannot be written only costs time: the SBOM itself is complete without it.
        }
    }

    private string PathOf(LayerCatalogKey key)
    {
        var variant = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Patterns + "\n" + key.Limits)))[..16];
        return Path.Combine(Folder, $"{key.LayerDigest.Algorithm}-{key.LayerDigest.Hex}-{variant}.json");
    }

    private sealed record StoredEntry(string Path, LayerEntryKind Kind, string? LinkTarget, string? Content, bool ContentOmitted);

    private sealed record StoredDiagnostic(string Key, DiagnosticSeverity Severity, string?[] Args);

    private sealed record StoredCatalog(string Layer, StoredEntry[] Entries, string[] Whiteouts, string[] OpaqueDirectories, StoredDiagnostic[] Diagnostics)
    {
        public static StoredCatalog From(LayerCatalog catalog) => new(
            catalog.LayerDigest.ToString(),
            catalog.Entries.Select(e => new StoredEntry(e.Path, e.Kind, e.LinkTarget, e.Content.IsEmpty ? null : Convert.ToBase64String(e.Content.Span), e.ContentOmitted)).ToArray(),
            [.. catalog.Whiteouts],
            [.. catalog.OpaqueDirectories],
            catalog.Diagnostics.Select(d => new StoredDiagnostic(d.ResourceKey, d.Severity, d.Args.Select(a => a?.ToString()).ToArray())).ToArray());

        public LayerCatalog ToCatalog(Digest digest) => new(
            digest,
            Entries.Select(e => new LayerEntry(e.Path, e.Kind, e.LinkTarget, e.Content is null ? default : Convert.FromBase64String(e.Content), e.ContentOmitted)).ToList(),
            Whiteouts,
            OpaqueDirectories,
            Diagnostics.Select(d => new ScDiagnostic(d.Key, d.Severity, d.Args.Cast<object?>().ToArray())).ToList());
    }
}
