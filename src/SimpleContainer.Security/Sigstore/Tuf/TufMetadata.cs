using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>The role a TUF metadata file is for; its <c>_type</c> and file name.</summary>
internal static class TufRoles
{
    public const string Root = "root";
    public const string Timestamp = "timestamp";
    public const string Snapshot = "snapshot";
    public const string Targets = "targets";
}

/// <summary>A role's keys and how many of them must sign.</summary>
internal sealed record TufRole(IReadOnlyList<string> KeyIds, int Threshold);

/// <summary>What timestamp.json says of snapshot.json, and snapshot.json of targets.json.</summary>
internal sealed record TufMetaFile(long Version, long? Length, IReadOnlyDictionary<string, string> Hashes);

/// <summary>A target file of targets.json: its length and hashes (hex).</summary>
internal sealed record TufTargetFile(long Length, IReadOnlyDictionary<string, string> Hashes);

/// <summary>
/// One signed TUF metadata file (<c>{"signed": …, "signatures": [{keyid, sig}]}</c>) with the fields every role has
/// and the role-specific ones this client reads. Signatures are over the canonical JSON of <c>signed</c>.
/// </summary>
internal sealed class TufMetadata
{
    private TufMetadata(string role, JsonObject signed, byte[] canonical, IReadOnlyList<(string KeyId, string Signature)> signatures, byte[] raw)
    {
        Role = role;
        Signed = signed;
        CanonicalSigned = canonical;
        Signatures = signatures;
        Raw = raw;
        Version = signed["version"]!.GetValue<long>();
        Expires = DateTimeOffset.Parse(signed["expires"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public string Role { get; }

    public JsonObject Signed { get; }

    public byte[] CanonicalSigned { get; }

    public IReadOnlyList<(string KeyId, string Signature)> Signatures { get; }

    /// <summary>The bytes as served, which the cache stores.</summary>
    public byte[] Raw { get; }

    public long Version { get; }

    public DateTimeOffset Expires { get; }

    public bool ConsistentSnapshot => Signed["consistent_snapshot"]?.GetValue<bool>() ?? false;

    /// <summary>Parses <paramref name="raw"/> as metadata of <paramref name="role"/>; a malformed or mistyped file is SCSEC5134.</summary>
    public static TufMetadata Parse(byte[] raw, string role, string source)
    {
        try
        {
            var document = JsonNode.Parse(raw)?.AsObject() ?? throw new JsonException("empty");
            var signed = document["signed"]?.AsObject() ?? throw new JsonException("no 'signed'");
            var type = signed["_type"]?.GetValue<string>();
            if (type != role)
            {
                throw new JsonException($"its _type is '{type}', not '{role}'");
            }

            var spec = signed["spec_version"]?.GetValue<string>() ?? string.Empty;
            if (!spec.StartsWith("1.", StringComparison.Ordinal))
            {
                throw new JsonException($"spec_version '{spec}' is not 1.x");
            }

            var signatures = (document["signatures"]?.AsArray() ?? throw new JsonException("no 'signatures'"))
                .Select(s => (s!["keyid"]!.GetValue<string>(), s["sig"]?.GetValue<string>() ?? string.Empty)).ToList();
            var metadata = new TufMetadata(role, signed, CanonicalJson.Encode(signed), signatures, raw);
            if (metadata.Version < 1)
            {
                throw new JsonException("version is below 1");
            }

            return metadata;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
        {
            throw new ScException(DiagnosticIds.TufMetadataInvalid, role, source, ex.Message);
        }
    }

    /// <summary>root.json: the keys by id.</summary>
    public IReadOnlyDictionary<string, TufKey> Keys() =>
        Guard(() => (Signed["keys"]?.AsObject() ?? []).ToDictionary(k => k.Key, k => TufKey.Parse(k.Value!), StringComparer.Ordinal));

    /// <summary>root.json: a role's key ids and threshold.</summary>
    public TufRole RoleOf(string name)
    {
        var role = Signed["roles"]?[name] ?? throw new ScException(DiagnosticIds.TufMetadataInvalid, Role, "root.json", $"no role '{name}'");
        var threshold = Guard(() => role["threshold"]?.GetValue<int>() ?? 0);
        if (threshold < 1)
        {
            throw new ScException(DiagnosticIds.TufMetadataInvalid, Role, "root.json", $"the threshold of '{name}' is below 1");
        }

        return new TufRole(Guard(() => (role["keyids"]?.AsArray() ?? []).Select(k => k!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList()), threshold);
    }

    /// <summary>timestamp.json or snapshot.json: what it says of another metadata file, or null.</summary>
    public TufMetaFile? Meta(string fileName) => Guard(() =>
        Signed["meta"]?[fileName] is { } meta
            ? new TufMetaFile(meta["version"]!.GetValue<long>(), meta["length"]?.GetValue<long>(), Hashes(meta["hashes"]))
            : null);

    /// <summary>snapshot.json: every file it lists, with its version.</summary>
    public IReadOnlyDictionary<string, long> MetaVersions() =>
        Guard(() => (Signed["meta"]?.AsObject() ?? []).ToDictionary(m => m.Key, m => m.Value!["version"]!.GetValue<long>(), StringComparer.Ordinal));

    /// <summary>targets.json: a target file, or null.</summary>
    public TufTargetFile? Target(string name) => Guard(() =>
        Signed["targets"]?[name] is { } target
            ? new TufTargetFile(target["length"]!.GetValue<long>(), Hashes(target["hashes"]))
            : null);

    /// <summary>How many distinct keys of <paramref name="role"/> in <paramref name="keys"/> signed this file.</summary>
    public int CountValidSignatures(TufRole role, IReadOnlyDictionary<string, TufKey> keys)
    {
        var signers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyId, signature) in Signatures)
        {
            if (role.KeyIds.Contains(keyId) && !signers.Contains(keyId) && keys.TryGetValue(keyId, out var key) && key.Verifies(CanonicalSigned, signature))
            {
                signers.Add(keyId);
            }
        }

        return signers.Count;
    }

    /// <summary>Whether <paramref name="bytes"/> has the length and every known hash given; unknown algorithms alone never pass.</summary>
    public static string? Mismatch(byte[] bytes, long? length, IReadOnlyDictionary<string, string> hashes)
    {
        if (length is { } expected && bytes.LongLength != expected)
        {
            return $"length {bytes.LongLength}, expected {expected}";
        }

        var known = 0;
        foreach (var (algorithm, hex) in hashes)
        {
            byte[]? actual = algorithm switch
            {
                "sha256" => SHA256.HashData(bytes),
                "sha384" => SHA384.HashData(bytes),
                "sha512" => SHA512.HashData(bytes),
                _ => null,
            };
            if (actual is null)
            {
                continue;
            }

            known++;
            if (!Convert.ToHexString(actual).Equals(hex, StringComparison.OrdinalIgnoreCase))
            {
                return $"{algorithm} {Convert.ToHexStringLower(actual)}, expected {hex}";
            }
        }

        return hashes.Count > 0 && known == 0 ? $"no supported hash among {string.Join(", ", hashes.Keys)}" : null;
    }

    /// <summary>A field of the wrong shape in signed metadata is SCSEC5134, like any other malformed file.</summary>
    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException or KeyNotFoundException)
        {
            throw new ScException(DiagnosticIds.TufMetadataInvalid, Role, $"{Role}.json version {Version}", ex.Message);
        }
    }

    private static IReadOnlyDictionary<string, string> Hashes(JsonNode? hashes) =>
        (hashes?.AsObject() ?? []).ToDictionary(h => h.Key, h => h.Value!.GetValue<string>(), StringComparer.Ordinal);
}
