using System.Text.Json;

namespace SimpleContainer.Security.Sbom.Catalogers.DotNet;

/// <summary>
/// Reads a .NET <c>*.deps.json</c>: <c>runtimeTarget.name</c>, every <c>libraries</c> entry (<c>name/version</c> with
/// <c>type</c>, <c>sha512</c>, <c>path</c>) and, from the runtime target in <c>targets</c> (else the first target),
/// each library's <c>dependencies</c>. A document that is not such JSON throws <see cref="JsonException"/>; a bad
/// library entry is a <see cref="DepsProblem"/> and the rest is read.
/// </summary>
internal static class DepsJsonParser
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static DepsJson Parse(ReadOnlyMemory<byte> content)
    {
        using var document = JsonDocument.Parse(content, Options);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"the document is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("it has no 'libraries' object");
        }

        var runtimeTarget = root.TryGetProperty("runtimeTarget", out var rt) && rt.ValueKind == JsonValueKind.Object
            && rt.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var target = Target(root, runtimeTarget);
        var result = new List<DepsLibrary>();
        var problems = new List<DepsProblem>();
        foreach (var library in libraries.EnumerateObject())
        {
            var slash = library.Name.LastIndexOf('/');
            if (slash <= 0 || slash == library.Name.Length - 1)
            {
                problems.Add(new DepsProblem(library.Name, "the key is not 'name/version'"));
                continue;
            }

            if (library.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new DepsProblem(library.Name, $"its value is a JSON {library.Value.ValueKind.ToString().ToLowerInvariant()}, not an object"));
                continue;
            }

            result.Add(new DepsLibrary(
                library.Name[..slash],
                library.Name[(slash + 1)..],
                String(library.Value, "type") ?? "package",
                String(library.Value, "sha512"),
                String(library.Value, "path"),
                Dependencies(target, library.Name)));
        }

        return new DepsJson(runtimeTarget, result, problems);
    }

    private static JsonElement? Target(JsonElement root, string? runtimeTarget)
    {
        if (!root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (runtimeTarget is not null && targets.TryGetProperty(runtimeTarget, out var named) && named.ValueKind == JsonValueKind.Object)
        {
            return named;
        }

        return targets.EnumerateObject().Select(t => t.Value).FirstOrDefault(t => t.ValueKind == JsonValueKind.Object && t.EnumerateObject().Any());
    }

    private static List<KeyValuePair<string, string>> Dependencies(JsonElement? target, string key)
    {
        if (target is not { } t || !t.TryGetProperty(key, out var entry) || entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return dependencies.EnumerateObject()
            .Where(d => d.Value.ValueKind == JsonValueKind.String)
            .Select(d => new KeyValuePair<string, string>(d.Name, d.Value.GetString()!))
            .ToList();
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
