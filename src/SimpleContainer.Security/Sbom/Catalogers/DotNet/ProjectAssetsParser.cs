using System.Text.Json;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// Reads NuGet's <c>project.assets.json</c> (versions 3 and 4) for one target: <c>targets["net10.0/linux-x64"]</c>
/// (falling back to the framework alone when the runtime identifier was not restored), each entry's type and
/// <c>dependencies</c>, the <c>sha512</c> from <c>libraries</c>, direct references from
/// <c>project.frameworks[tfm].dependencies</c>, and the project's name and version from <c>project</c>. Only packages
/// that put something in the publish output are kept (<see cref="Shipped"/>).
/// </summary>
internal static class ProjectAssetsParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };
    private static readonly string[] RuntimeAssetGroups = ["runtime", "native", "runtimeTargets", "resource"];

    /// <exception cref="JsonException">The document is not a project.assets.json.</exception>
    /// <exception cref="KeyNotFoundException">The target was not restored; the message lists the targets present.</exception>
    public static ProjectAssets Parse(ReadOnlyMemory<byte> content, string? targetFramework, string? runtimeIdentifier)
    {
        using var document = JsonDocument.Parse(content, Options);
        var root = document.RootElement;
        var targets = Object(root, "targets") ?? throw new JsonException("it has no 'targets' object");
        var libraries = Object(root, "libraries") ?? throw new JsonException("it has no 'libraries' object");
        var project = Object(root, "project") ?? throw new JsonException("it has no 'project' object");
        var frameworks = Object(project, "frameworks") ?? throw new JsonException("it has no 'project.frameworks' object");

        var framework = string.IsNullOrWhiteSpace(targetFramework)
            ? frameworks.EnumerateObject().Select(f => f.Name).FirstOrDefault() ?? throw new JsonException("'project.frameworks' is empty")
            : targetFramework.Trim();
        var (key, target) = SelectTarget(targets, frameworks, framework, runtimeIdentifier);
        var direct = frameworks.TryGetProperty(framework, out var fw) && Object(fw, "dependencies") is { } declared
            ? declared.EnumerateObject().Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];

        var packages = new List<AssetsPackage>();
        var withRuntimeAssets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in target.EnumerateObject())
        {
            var slash = entry.Name.LastIndexOf('/');
            if (slash <= 0 || slash == entry.Name.Length - 1 || entry.Value.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"the target entry '{entry.Name}' is not a 'name/version' object");
            }

            var id = entry.Name[..slash];
            var sha512 = libraries.TryGetProperty(entry.Name, out var library) && library.ValueKind == JsonValueKind.Object ? String(library, "sha512") : null;
            var dependencies = Object(entry.Value, "dependencies") is { } deps ? deps.EnumerateObject().Select(d => d.Name).ToList() : [];
            packages.Add(new AssetsPackage(id, entry.Name[(slash + 1)..], String(entry.Value, "type") ?? "package", sha512, direct.Contains(id), dependencies));
            if (HasRuntimeAssets(entry.Value))
            {
                withRuntimeAssets.Add(id);
            }
        }

        packages = Shipped(packages, withRuntimeAssets);

        var restore = Object(project, "restore");
        var name = (restore is { } r ? String(r, "projectName") : null) ?? throw new JsonException("it has no 'project.restore.projectName'");
        return new ProjectAssets(name, String(project, "version"), key, packages) { RuntimePacks = RuntimePacks(fw, runtimeIdentifier) };
    }

    /// <summary>
    /// The packages that reach the publish output: those with runtime assets, and those (such as meta-packages) that
    /// depend on one. A development dependency (an MSBuild task package like ours, an analyzer, a build-only tool)
    /// puts nothing in the app, so it is not a component of the image; dependency lists keep only shipped packages.
    /// </summary>
    private static List<AssetsPackage> Shipped(List<AssetsPackage> packages, HashSet<string> withRuntimeAssets)
    {
        var byId = packages.GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var ships = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        bool Ships(string id, HashSet<string> visiting)
        {
            if (ships.TryGetValue(id, out var known))
            {
                return known;
            }

            if (!byId.TryGetValue(id, out var package) || !visiting.Add(id))
            {
                return false;
            }

            var result = withRuntimeAssets.Contains(id) || package.Dependencies.Any(d => Ships(d, visiting));
            visiting.Remove(id);
            ships[id] = result;
            return result;
        }

        return packages
            .Where(p => Ships(p.Id, new HashSet<string>(StringComparer.OrdinalIgnoreCase)))
            .Select(p => p with { Dependencies = p.Dependencies.Where(d => Ships(d, new HashSet<string>(StringComparer.OrdinalIgnoreCase))).ToList() })
            .ToList();
    }

    /// <summary>Runtime, native, runtime-target or satellite assets other than NuGet's empty-folder placeholder <c>_._</c>.</summary>
    private static bool HasRuntimeAssets(JsonElement entry) =>
        RuntimeAssetGroups.Any(group =>
            Object(entry, group) is { } assets && assets.EnumerateObject().Any(a => !a.Name.EndsWith("/_._", StringComparison.Ordinal) && a.Name != "_._"));

    /// <summary><c>downloadDependencies</c> entries named <c>&lt;framework reference&gt;.Runtime.&lt;rid&gt;</c> with an exact <c>[v, v]</c> version.</summary>
    private static List<KeyValuePair<string, string>> RuntimePacks(JsonElement framework, string? runtimeIdentifier)
    {
        if (string.IsNullOrWhiteSpace(runtimeIdentifier) || Object(framework, "frameworkReferences") is not { } references
            || !framework.TryGetProperty("downloadDependencies", out var downloads) || downloads.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var wanted = references.EnumerateObject().Select(f => $"{f.Name}.Runtime.{runtimeIdentifier.Trim()}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var packs = new List<KeyValuePair<string, string>>();
        foreach (var download in downloads.EnumerateArray())
        {
            if (String(download, "name") is { } id && wanted.Contains(id) && String(download, "version") is { } range
                && range.StartsWith('[') && range.EndsWith(']') && range[1..^1].Split(',', StringSplitOptions.TrimEntries) is [var low, var high] && low == high && low.Length > 0)
            {
                packs.Add(new(id, low));
            }
        }

        return packs;
    }

    private static (string Key, JsonElement Target) SelectTarget(JsonElement targets, JsonElement frameworks, string framework, string? runtimeIdentifier)
    {
        var rid = string.IsNullOrWhiteSpace(runtimeIdentifier) ? null : runtimeIdentifier.Trim();
        var names = new List<string>();
        if (frameworks.TryGetProperty(framework, out var fw))
        {
            // Version 4 keys targets by alias ("net10.0"); version 3 by framework name (".NETCoreApp,Version=v10.0").
            names.Add(framework);
            if (String(fw, "framework") is { } full && !names.Contains(full))
            {
                names.Add(full);
            }
        }

        foreach (var candidate in (rid is null ? [] : names.Select(n => $"{n}/{rid}")).Concat(names))
        {
            if (Object(targets, candidate) is { } found)
            {
                return (candidate, found);
            }
        }

        // Version 3 without a framework name: the project's only framework is the only target without a runtime identifier.
        if (names.Count > 0 && frameworks.EnumerateObject().Count() == 1 && targets.EnumerateObject().Count(t => !t.Name.Contains('/', StringComparison.Ordinal)) == 1)
        {
            var only = targets.EnumerateObject().First(t => !t.Name.Contains('/', StringComparison.Ordinal));
            var withRid = rid is null ? null : targets.EnumerateObject().Where(t => t.Name == $"{only.Name}/{rid}").Select(t => (JsonProperty?)t).FirstOrDefault();
            var chosen = withRid ?? only;
            if (chosen.Value.ValueKind == JsonValueKind.Object)
            {
                return (chosen.Name, chosen.Value);
            }
        }

        throw new KeyNotFoundException(string.Join(", ", targets.EnumerateObject().Select(t => t.Name)));
    }

    private static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
