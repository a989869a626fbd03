using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Scanning.Backends;

/// <summary>
/// Reads a package URL that another tool wrote (grype, trivy, our own scan.json) back into a <see cref="Purl"/>,
/// following the purl specification's parsing rules: scheme, then <c>#subpath</c>, <c>?qualifiers</c>, <c>@version</c>
/// from the right, then type, namespace and name, every part percent-decoded.
/// </summary>
public static class PurlText
{
    /// <summary>The parsed purl, or null when <paramref name="text"/> is empty or not a purl.</summary>
    public static Purl? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith("pkg:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[4..].TrimStart('/');
        string? subpath = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            subpath = Decode(rest[(hash + 1)..].Trim('/'));
            rest = rest[..hash];
        }

        var qualifiers = new List<KeyValuePair<string, string?>>();
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    qualifiers.Add(new(pair[..equals].ToLowerInvariant(), Decode(pair[(equals + 1)..])));
                }
            }

            rest = rest[..question];
        }

        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Decode(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var segments = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return null;
        }

        var type = segments[0].ToLowerInvariant();
        var name = Decode(segments[^1]);
        var @namespace = segments.Length > 2 ? string.Join('/', segments[1..^1].Select(Decode)) : null;
        try
        {
            return Purl.Create(type, @namespace, name, string.IsNullOrEmpty(version) ? null : version, qualifiers, string.IsNullOrEmpty(subpath) ? null : subpath);
        }
        catch (Diagnostics.ScException)
        {
            return null;
        }
    }

    /// <summary>The value of a qualifier (<c>distro</c>, <c>epoch</c>, …), or null.</summary>
    public static string? Qualifier(this Purl purl, string key) =>
        purl.Qualifiers.FirstOrDefault(q => string.Equals(q.Key, key, StringComparison.Ordinal)).Value;

    private static string Decode(string value) => Uri.UnescapeDataString(value);
}
