using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Pipeline.PrePush;

/// <summary>
/// What the scan before the push judged for one platform: the image it was to become, its platform, the base image
/// it was built on, and every package's key. Written to <c>sc-prepush/packages.json</c> beside the push's intermediate
/// output, so the scan after the push can say where the image pushed differs.
/// </summary>
public sealed record PrePushPackageSet
{
    public const string FolderName = "sc-prepush";
    public const string FileName = "packages.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The image as it was to be pushed (<c>registry/repository:tag</c>).</summary>
    public required string Subject { get; init; }

    /// <summary><c>linux/amd64</c>: the platform of the base image entry used.</summary>
    public required string Platform { get; init; }

    /// <summary>The base image's platform manifest, <c>registry/repository@sha256:…</c>.</summary>
    public required string BaseImage { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Every package's key (its purl, else <c>ecosystem/name@version</c>), sorted.</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>The record file under an intermediate output folder.</summary>
    public static string PathIn(string intermediateOutputPath) => Path.Combine(Path.GetFullPath(intermediateOutputPath), FolderName, FileName);

    /// <summary>Removes what an earlier run left, so a record found later is this run's.</summary>
    public static void Clear(string intermediateOutputPath)
    {
        var folder = Path.Combine(Path.GetFullPath(intermediateOutputPath), FolderName);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task WriteAsync(string intermediateOutputPath, CancellationToken cancellationToken)
    {
        var path = PathIn(intermediateOutputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(this, Json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The records this run's scans before the push wrote: under the intermediate output folder itself (one platform)
    /// and one level down (the SDK's inner build of each runtime identifier), created at or after
    /// <paramref name="buildStarted"/>; a record of an earlier build is never compared. A record that cannot be read is skipped.
    /// </summary>
    public static async Task<IReadOnlyList<PrePushPackageSet>> FindAsync(string intermediateOutputPath, DateTimeOffset? buildStarted, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(intermediateOutputPath);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var candidates = Directory.EnumerateDirectories(root).Select(PathIn).Prepend(PathIn(root)).Where(File.Exists).Order(StringComparer.Ordinal);
        var sets = new List<PrePushPackageSet>();
        foreach (var file in candidates)
        {
            try
            {
                var set = JsonSerializer.Deserialize<PrePushPackageSet>(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), Json);
                if (set is not null && (buildStarted is null || set.Created >= buildStarted.Value.AddSeconds(-1)))
                {
                    sets.Add(set);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                // Only the comparison is lost; the image pushed is still scanned in full.
            }
        }

        return sets;
    }
}

/// <summary>Compares what was judged before the push with the packages of the image pushed, per platform.</summary>
public static class PrePushComparison
{
    /// <summary>How many package keys a message names before it says "and N more".</summary>
    private const int Named = 20;

    /// <summary>
    /// One diagnostic per platform judged before the push: warning <see cref="DiagnosticIds.PrePushPackagesDiffer"/>
    /// naming the packages only in one of the two, or message <see cref="DiagnosticIds.PrePushPackagesAgree"/>. A pushed
    /// platform is found by its platform string; an image of one platform is compared with the one set judged.
    /// </summary>
    public static IReadOnlyList<ScDiagnostic> Compare(string subject, IReadOnlyList<PrePushPackageSet> judged, IReadOnlyList<(string? Platform, IReadOnlyCollection<string> Packages)> pushed)
    {
        var diagnostics = new List<ScDiagnostic>();
        foreach (var set in judged)
        {
            var match = pushed.Count == 1 && judged.Count == 1 ? pushed[0]
                : pushed.FirstOrDefault(p => p.Platform is { } platform && SamePlatform(platform, set.Platform));
            if (match.Packages is null)
            {
                diagnostics.Add(new ScDiagnostic(DiagnosticIds.PrePushPackagesDiffer, DiagnosticSeverity.Warning, subject, set.Platform, "(the platform is not in the image pushed)", List(set.Packages)));
                continue;
            }

            var before = set.Packages.ToHashSet(StringComparer.Ordinal);
            var after = match.Packages.ToHashSet(StringComparer.Ordinal);
            var onlyAfter = after.Except(before).Order(StringComparer.Ordinal).ToList();
            var onlyBefore = before.Except(after).Order(StringComparer.Ordinal).ToList();
            diagnostics.Add(onlyAfter.Count == 0 && onlyBefore.Count == 0
                ? new ScDiagnostic(DiagnosticIds.PrePushPackagesAgree, DiagnosticSeverity.Message, subject, set.Platform, after.Count)
                : new ScDiagnostic(DiagnosticIds.PrePushPackagesDiffer, DiagnosticSeverity.Warning, subject, set.Platform, List(onlyAfter), List(onlyBefore)));
        }

        return diagnostics;
    }

    /// <summary>The same os and architecture, and the same variant when both name one (the SDK writes <c>linux/arm64</c> for a base entry of <c>linux/arm64/v8</c>).</summary>
    private static bool SamePlatform(string pushed, string judged)
    {
        var parts = judged.Split('/');
        var wanted = new Oci.Platform { Os = parts[0], Architecture = parts.Length > 1 ? parts[1] : string.Empty, Variant = parts.Length > 2 ? parts[2] : null };
        var other = pushed.Split('/');
        return RuntimeIdentifierPlatform.Matches(new Oci.Platform { Os = other[0], Architecture = other.Length > 1 ? other[1] : string.Empty, Variant = other.Length > 2 ? other[2] : null }, wanted);
    }

    private static string List(IReadOnlyCollection<string> keys) =>
        keys.Count == 0 ? "none"
        : keys.Count <= Named ? string.Join(", ", keys)
        : string.Join(", ", keys.Take(Named)) + $" and {keys.Count - Named} more";
}
