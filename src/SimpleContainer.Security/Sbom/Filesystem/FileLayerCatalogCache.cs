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
/// read once across builds and processes (CI can cache the folder). Entries are written atomically. An entry is used
/// only when its format, layer digest, patterns and limits are the key's and its SHA-256 (over all of them and the
/// catalog) matches; otherwise the layer is read again. The folder is the user's own: created 0700, and not used at
/// all when others can write to it or it is a symbolic link, since whoever writes an entry decides what the SBOM lists.
/// </summary>
public sealed class FileLayerCatalogCache(string folder) : ILayerCatalogCache
{
    public const string FolderVariable = "SC_CACHE_DIR";
    private const int Format = 2;
    private const UnixFileMode OthersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<LayerCatalogKey, LayerCatalog> _memory = new();
    private readonly Lazy<bool> _usable = new(() => PrepareFolder(folder));

    public string Folder { get; } = folder;

    /// <summary>
    /// <c>$SC_CACHE_DIR/sbom-layers</c>, else <c>$XDG_CACHE_HOME</c> or <c>$HOME/.cache</c> +
    /// <c>/simplecontainer-security/sbom-layers</c>; with none of them set, a cache in memory only (never a shared
    /// temp folder, where another user could plant entries).
    /// </summary>
    public static ILayerCatalogCache FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        static string? Absolute(string? path) => path is { Length: > 0 } && Path.IsPathFullyQualified(path) ? path : null;
        if (Absolute(getVariable(FolderVariable)) is { } explicitRoot)
        {
            return new FileLayerCatalogCache(Path.Combine(explicitRoot, "sbom-layers"));
        }

        var cacheHome = Absolute(getVariable("XDG_CACHE_HOME")) ?? (Absolute(getVariable("HOME")) is { } home ? Path.Combine(home, ".cache") : null);
        return cacheHome is null
            ? new InMemoryLayerCatalogCache()
            : new FileLayerCatalogCache(Path.Combine(cacheHome, "simplecontainer-security", "sbom-layers"));
    }

    public bool TryGet(LayerCatalogKey key, out LayerCatalog catalog)
    {
        if (_memory.TryGetValue(key, out catalog!))
        {
            return true;
        }

        if (!_usable.Value)
        {
            return false;
        }

        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            var stored = JsonSerializer.Deserialize<StoredEntry>(File.ReadAllBytes(path), Json);
            if (stored is null || stored.Format != Format || stored.Layer != key.LayerDigest.ToString() || stored.Patterns != key.Patterns || stored.Limits != key.Limits)
            {
                return false;
            }

            var body = Convert.FromBase64String(stored.Catalog);
            if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(stored.Sha256), Checksum(key, body))
                || JsonSerializer.Deserialize<StoredCatalog>(body, Json)?.ToCatalog(key.LayerDigest) is not { } read)
            {
                return false;
            }

            catalog = read;
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
        if (!_usable.Value)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(StoredCatalog.From(catalog), Json);
        var stored = new StoredEntry(Format, key.LayerDigest.ToString(), key.Patterns, key.Limits, Convert.ToHexStringLower(Checksum(key, body)), Convert.ToBase64String(body));
        try
        {
            AtomicFile.WriteAllBytesAsync(PathOf(key), JsonSerializer.SerializeToUtf8Bytes(stored, Json)).GetAwaiter().GetResult();
        }
        catch (ScException)
        {
            // A cache that cannot be written only costs time: the SBOM itself is complete without it.
        }
    }

    /// <summary>Creates the folder for this user only; false when it is shared with others (group or world writable, or a link).</summary>
    private static bool PrepareFolder(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
                return true;
            }

            var info = Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return info.LinkTarget is null && (info.UnixFileMode & OthersMayWrite) == 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private static byte[] Checksum(LayerCatalogKey key, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{Format}\n{key.LayerDigest}\n{key.Patterns}\n{key.Limits}\n"));
        hash.AppendData(body);
        return hash.GetHashAndReset();
    }

    private string PathOf(LayerCatalogKey key)
    {
        var variant = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Patterns + "\n" + key.Limits)))[..16];
        return Path.Combine(Folder, $"{key.LayerDigest.Algorithm}-{key.LayerDigest.Hex}-{variant}.json");
    }

    private sealed record StoredEntry(int Format, string Layer, string Patterns, string Limits, string Sha256, string Catalog);

    private sealed record StoredLayerEntry(string Path, LayerEntryKind Kind, string? LinkTarget, string? Content, bool ContentOmitted);

    private sealed record StoredDiagnostic(string Key, DiagnosticSeverity Severity, string?[] Args);

    private sealed record StoredCatalog(StoredLayerEntry[] Entries, string[] Whiteouts, string[] OpaqueDirectories, StoredDiagnostic[] Diagnostics)
    {
        public static StoredCatalog From(LayerCatalog catalog) => new(
            catalog.Entries.Select(e => new StoredLayerEntry(e.Path, e.Kind, e.LinkTarget, e.Content.IsEmpty ? null : Convert.ToBase64String(e.Content.Span), e.ContentOmitted)).ToArray(),
            [.. catalog.Whiteouts],
            [.. catalog.OpaqueDirectories],
            catalog.Diagnostics.Select(d => new StoredDiagnostic(d.ResourceKey, d.Severity, d.Args.Select(a => a?.ToString()).ToArray())).ToArray());

        /// <summary>The catalog, or null when an entry could not have come from <see cref="LayerReader"/>.</summary>
        public LayerCatalog? ToCatalog(Digest digest)
        {
            static bool IsPath(string? path) => path is not null && path != ImagePath.Root && ImagePath.Normalize(path) == path;
            if (Entries.Any(e => !IsPath(e.Path) || !Enum.IsDefined(e.Kind)) || !Whiteouts.All(IsPath) || !OpaqueDirectories.All(p => p == ImagePath.Root || IsPath(p)))
            {
                return null;
            }

            return new LayerCatalog(
                digest,
                Entries.Select(e => new LayerEntry(e.Path, e.Kind, e.LinkTarget, e.Content is null ? default : Convert.FromBase64String(e.Content), e.ContentOmitted)).ToList(),
                Whiteouts,
                OpaqueDirectories,
                Diagnostics.Select(d => new ScDiagnostic(d.Key, d.Severity, d.Args.Cast<object?>().ToArray())).ToList());
        }
    }
}
