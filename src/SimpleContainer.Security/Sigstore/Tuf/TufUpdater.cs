using System.Net;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>What a refresh ended with: the target's verified bytes and the metadata versions behind them.</summary>
internal sealed record TufTarget(string Name, byte[] Content, long RootVersion, long TargetsVersion);

/// <summary>
/// The TUF client workflow (TUF specification 1.0, "Detailed client workflow"), top-level targets only: the root
/// rotation chain (each N+1.root.json signed by a threshold of the old and of its own root keys), then timestamp,
/// snapshot and targets, each checked for signatures, version, hashes and length against the file above it, rollback
/// against what was trusted before, and expiry against one fixed update time; then the target by its hash-prefixed
/// name. Every verified file is cached (temp file + rename) so the next run starts from it.
/// </summary>
internal sealed class TufUpdater(TufRepositoryOptions options)
{
    private readonly TufCache _cache = new(options.CacheFolder);

    private const int MaxRootBytes = 512_000;
    private const int MaxTimestampBytes = 16_384;
    private const int MaxMetadataBytes = 4_000_000;
    private const int MaxTargetBytes = 4_000_000;

    private string Source(string file) => new Uri(options.MirrorUrl, file).ToString();

    public async Task<TufTarget> FetchTargetAsync(string targetName, CancellationToken cancellationToken)
    {
        var now = options.Time.GetUtcNow();
        using var mirror = new TufMirror(options);

        // 5.2 / 5.3: the trusted root, then every newer root the mirror has.
        var (root, seeded) = LoadTrustedRoot();
        var original = root;
        if (seeded)
        {
            // The cache starts from the initial root, as sigstore-js seeds it; every later run starts from the newest trusted one.
            await _cache.WriteAsync("root.json", root.Raw, cancellationToken).ConfigureAwait(false);
        }

        for (var n = root.Version + 1; n <= original.Version + options.MaxRootRotations; n++)
        {
            var file = $"{n}.root.json";
            var bytes = await mirror.DownloadAsync(file, MaxRootBytes, allowMissing: true, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                break;
            }

            var next = TufMetadata.Parse(bytes, TufRoles.Root, Source(file));
            RequireThreshold(next, root, TufRoles.Root, Source(file));
            RequireThreshold(next, next, TufRoles.Root, Source(file));
            if (next.Version != n)
            {
                throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, $"version {next.Version}, expected {n}");
            }

            root = next;
            await _cache.WriteAsync("root.json", root.Raw, cancellationToken).ConfigureAwait(false);
        }

        RequireNotExpired(root, now, "root.json");
        if (root != original && (KeysChanged(original, root, TufRoles.Timestamp) || KeysChanged(original, root, TufRoles.Snapshot)))
        {
            // 5.3.11: after a rotation of the timestamp or snapshot keys, the old files would block recovery from a fast-forward attack.
            _cache.Delete("timestamp.json");
            _cache.Delete("snapshot.json");
        }

        var timestamp = await UpdateTimestampAsync(mirror, root, now, cancellationToken).ConfigureAwait(false);
        var snapshot = await UpdateSnapshotAsync(mirror, root, timestamp, now, cancellationToken).ConfigureAwait(false);
        var targets = await UpdateTargetsAsync(mirror, root, snapshot, now, cancellationToken).ConfigureAwait(false);
        var content = await FetchTargetFileAsync(mirror, root, targets, targetName, cancellationToken).ConfigureAwait(false);
        return new TufTarget(targetName, content, root.Version, targets.Version);
    }

    private (TufMetadata Root, bool Seeded) LoadTrustedRoot()
    {
        var cached = _cache.Read("root.json");
        var source = cached is null ? "the initial root" : _cache.PathOf("root.json");
        var root = TufMetadata.Parse(cached ?? options.InitialRoot, TufRoles.Root, source);
        RequireThreshold(root, root, TufRoles.Root, source);
        return (root, cached is null);
    }

    private async Task<TufMetadata> UpdateTimestampAsync(TufMirror mirror, TufMetadata root, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trusted = TrustedCached("timestamp.json", TufRoles.Timestamp, root);
        var bytes = await mirror.DownloadAsync("timestamp.json", MaxTimestampBytes, allowMissing: false, cancellationToken).ConfigureAwait(false);
        var timestamp = TufMetadata.Parse(bytes!, TufRoles.Timestamp, Source("timestamp.json"));
        RequireThreshold(timestamp, root, TufRoles.Timestamp, Source("timestamp.json"));
        var snapshotMeta = timestamp.Meta("snapshot.json") ?? throw new ScException(DiagnosticIds.TufMetadataInvalid, TufRoles.Timestamp, Source("timestamp.json"), "no meta for snapshot.json");
        if (trusted is not null)
        {
            if (timestamp.Version < trusted.Version)
            {
                throw new ScException(DiagnosticIds.TufRollback, "timestamp.json", options.MirrorUrl, timestamp.Version, trusted.Version);
            }

            if (snapshotMeta.Version < trusted.Meta("snapshot.json")!.Version)
            {
                throw new ScException(DiagnosticIds.TufRollback, "snapshot.json (in timestamp.json)", options.MirrorUrl, snapshotMeta.Version, trusted.Meta("snapshot.json")!.Version);
            }

            if (timestamp.Version == trusted.Version)
            {
                // The same version again: keep the file already trusted (it must not be swapped for another one with the same number).
                timestamp = trusted;
            }
        }

        RequireNotExpired(timestamp, now, "timestamp.json");
        await _cache.WriteAsync("timestamp.json", timestamp.Raw, cancellationToken).ConfigureAwait(false);
        return timestamp;
    }

    private async Task<TufMetadata> UpdateSnapshotAsync(TufMirror mirror, TufMetadata root, TufMetadata timestamp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var meta = timestamp.Meta("snapshot.json")!;
        var trusted = TrustedCached("snapshot.json", TufRoles.Snapshot, root);
        if (trusted is not null && trusted.Version == meta.Version && TufMetadata.Mismatch(trusted.Raw, meta.Length, meta.Hashes) is null)
        {
            RequireNotExpired(trusted, now, "snapshot.json");
            return trusted;
        }

        var file = root.ConsistentSnapshot ? $"{meta.Version}.snapshot.json" : "snapshot.json";
        var bytes = await mirror.DownloadAsync(file, (int)Math.Min(meta.Length ?? MaxMetadataBytes, MaxMetadataBytes), allowMissing: false, cancellationToken).ConfigureAwait(false);
        if (TufMetadata.Mismatch(bytes!, meta.Length, meta.Hashes) is { } mismatch)
        {
            throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, mismatch);
        }

        var snapshot = TufMetadata.Parse(bytes!, TufRoles.Snapshot, Source(file));
        RequireThreshold(snapshot, root, TufRoles.Snapshot, Source(file));
        if (snapshot.Version != meta.Version)
        {
            throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, $"version {snapshot.Version}, timestamp.json says {meta.Version}");
        }

        if (trusted is not null)
        {
            var versions = snapshot.MetaVersions();
            foreach (var (name, version) in trusted.MetaVersions())
            {
                if (!versions.TryGetValue(name, out var served) || served < version)
                {
                    throw new ScException(DiagnosticIds.TufRollback, name + " (in snapshot.json)", options.MirrorUrl, served, version);
                }
            }
        }

        RequireNotExpired(snapshot, now, "snapshot.json");
        await _cache.WriteAsync("snapshot.json", snapshot.Raw, cancellationToken).ConfigureAwait(false);
        return snapshot;
    }

    private async Task<TufMetadata> UpdateTargetsAsync(TufMirror mirror, TufMetadata root, TufMetadata snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var meta = snapshot.Meta("targets.json") ?? throw new ScException(DiagnosticIds.TufMetadataInvalid, TufRoles.Snapshot, Source("snapshot.json"), "no meta for targets.json");
        var trusted = TrustedCached("targets.json", TufRoles.Targets, root);
        if (trusted is not null && trusted.Version == meta.Version && TufMetadata.Mismatch(trusted.Raw, meta.Length, meta.Hashes) is null)
        {
            RequireNotExpired(trusted, now, "targets.json");
            return trusted;
        }

        var file = root.ConsistentSnapshot ? $"{meta.Version}.targets.json" : "targets.json";
        var bytes = await mirror.DownloadAsync(file, (int)Math.Min(meta.Length ?? MaxMetadataBytes, MaxMetadataBytes), allowMissing: false, cancellationToken).ConfigureAwait(false);
        if (TufMetadata.Mismatch(bytes!, meta.Length, meta.Hashes) is { } mismatch)
        {
            throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, mismatch);
        }

        var targets = TufMetadata.Parse(bytes!, TufRoles.Targets, Source(file));
        RequireThreshold(targets, root, TufRoles.Targets, Source(file));
        if (targets.Version != meta.Version)
        {
            throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, $"version {targets.Version}, snapshot.json says {meta.Version}");
        }

        RequireNotExpired(targets, now, "targets.json");
        await _cache.WriteAsync("targets.json", targets.Raw, cancellationToken).ConfigureAwait(false);
        return targets;
    }

    private async Task<byte[]> FetchTargetFileAsync(TufMirror mirror, TufMetadata root, TufMetadata targets, string name, CancellationToken cancellationToken)
    {
        var info = targets.Target(name) ?? throw new ScException(DiagnosticIds.TufTargetMissing, options.MirrorUrl, name, targets.Version);
        var cachePath = Path.Combine("targets", name);
        if (_cache.Read(cachePath) is { } cached && TufMetadata.Mismatch(cached, info.Length, info.Hashes) is null && info.Hashes.Count > 0)
        {
            return cached;
        }

        var prefix = info.Hashes.TryGetValue("sha256", out var sha256) ? sha256 : info.Hashes.Values.FirstOrDefault();
        var file = root.ConsistentSnapshot && prefix is not null ? $"targets/{prefix}.{name}" : $"targets/{name}";
        var bytes = await mirror.DownloadAsync(file, (int)Math.Min(info.Length, MaxTargetBytes), allowMissing: false, cancellationToken).ConfigureAwait(false);
        if (info.Hashes.Count == 0)
        {
            throw new ScException(DiagnosticIds.TufMetadataInvalid, TufRoles.Targets, Source("targets.json"), $"the target {name} has no hashes");
        }

        if (TufMetadata.Mismatch(bytes!, info.Length, info.Hashes) is { } mismatch)
        {
            throw new ScException(DiagnosticIds.TufFileMismatch, file, options.MirrorUrl, mismatch);
        }

        await _cache.WriteAsync(cachePath, bytes!, cancellationToken).ConfigureAwait(false);
        return bytes!;
    }

    /// <summary>A cached file of <paramref name="role"/> that still verifies with the current root; ignored (re-fetched) otherwise.</summary>
    private TufMetadata? TrustedCached(string file, string role, TufMetadata root)
    {
        if (_cache.Read(file) is not { } bytes)
        {
            return null;
        }

        try
        {
            var metadata = TufMetadata.Parse(bytes, role, file);
            RequireThreshold(metadata, root, role, file);
            return metadata;
        }
        catch (ScException)
        {
            return null;
        }
    }

    private void RequireThreshold(TufMetadata metadata, TufMetadata root, string role, string source)
    {
        var delegation = root.RoleOf(role);
        var valid = metadata.CountValidSignatures(delegation, root.Keys());
        if (valid < delegation.Threshold)
        {
            throw new ScException(DiagnosticIds.TufSignatureThresholdNotMet, metadata.Role, metadata.Version, source, valid, delegation.Threshold, root.Version);
        }
    }

    private void RequireNotExpired(TufMetadata metadata, DateTimeOffset now, string file)
    {
        if (metadata.Expires <= now)
        {
            throw new ScException(DiagnosticIds.TufMetadataExpired, file, metadata.Version, options.MirrorUrl, metadata.Expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool KeysChanged(TufMetadata before, TufMetadata after, string role)
    {
        var a = before.RoleOf(role);
        var b = after.RoleOf(role);
        return a.Threshold != b.Threshold || !a.KeyIds.ToHashSet(StringComparer.Ordinal).SetEquals(b.KeyIds);
    }

}
