using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Sbom;

/// <summary>
/// A package URL (<c>pkg:type/namespace/name@version?qualifiers#subpath</c>) in canonical form: type and qualifier keys
/// lowercase, qualifiers with empty values dropped and sorted by key, and every character other than ASCII letters,
/// digits and <c>.-_~</c> percent-encoded as UTF-8 (so <c>+</c> is <c>%2B</c> and <c>:</c> is <c>%3A</c>, as
/// packageurl-go and syft write them). Types whose names are case-insensitive (deb, apk, oci) are lowercased.
/// </summary>
public sealed class Purl : IEquatable<Purl>
{
    private static readonly HashSet<string> LowercaseNameTypes = new(StringComparer.Ordinal) { "deb", "apk", "oci", "alpm", "bitbucket", "github" };
    private readonly string _canonical;

    private Purl(string type, string? @namespace, string name, string? version, IReadOnlyList<KeyValuePair<string, string>> qualifiers, string? subpath)
    {
        Type = type;
        Namespace = @namespace;
        Name = name;
        Version = version;
        Qualifiers = qualifiers;
        Subpath = subpath;
        _canonical = Build();
    }

    public string Type { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public string? Version { get; }

    /// <summary>The qualifiers, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Qualifiers { get; }

    public string? Subpath { get; }

    public static Purl Create(string type, string? @namespace, string name, string? version = null, IEnumerable<KeyValuePair<string, string?>>? qualifiers = null, string? subpath = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        var lowerType = type.ToLowerInvariant();
        if (lowerType.Length == 0 || !char.IsAsciiLetter(lowerType[0]) || !lowerType.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+'))
        {
            throw new ScException(DiagnosticIds.InvalidPurl, $"the type '{type}' is not a letter followed by letters, digits, '.', '+' or '-'");
        }

        var lower = LowercaseNameTypes.Contains(lowerType);
        var cleanNamespace = string.Join('/', (@namespace ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => lower ? s.ToLowerInvariant() : s));
        var cleanName = lower ? name.Trim('/').ToLowerInvariant() : name.Trim('/');
        if (cleanName.Length == 0)
        {
            throw new ScException(DiagnosticIds.InvalidPurl, $"a {lowerType} package has an empty name");
        }

        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in qualifiers ?? [])
        {
            var lowerKey = key.ToLowerInvariant();
            if (lowerKey.Length == 0 || char.IsAsciiDigit(lowerKey[0]) || !lowerKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw new ScException(DiagnosticIds.InvalidPurl, $"the qualifier key '{key}' is not letters, digits, '.', '-' or '_' (not starting with a digit)");
            }

            if (!string.IsNullOrEmpty(value) && !sorted.TryAdd(lowerKey, value))
            {
                throw new ScException(DiagnosticIds.InvalidPurl, $"the qualifier '{lowerKey}' is given twice");
            }
        }

        var cleanSubpath = string.Join('/', (subpath ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not "." and not ".."));
        return new Purl(lowerType, NullIfEmpty(cleanNamespace), cleanName, NullIfEmpty(version), sorted.ToList(), NullIfEmpty(cleanSubpath));
    }

    /// <summary><c>pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&amp;distro=debian-12</c>.</summary>
    public static Purl Deb(string distribution, string name, string version, string? architecture, string? distro) =>
        Create("deb", distribution, name, version, [new("arch", architecture), new("distro", distro)]);

    /// <summary><c>pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&amp;distro=alpine-3.20.3</c>.</summary>
    public static Purl Apk(string distribution, string name, string version, string? architecture, string? distro) =>
        Create("apk", distribution, name, version, [new("arch", architecture), new("distro", distro)]);

    /// <summary>
    /// <c>pkg:rpm/fedora/curl@8.6.0-7.fc40?arch=x86_64&amp;epoch=1&amp;distro=fedora-40&amp;upstream=curl-8.6.0-7.fc40.src.rpm</c>:
    /// the version is <c>version-release</c> and the epoch a qualifier (purl-spec's rpm type, as syft writes it). rpm
    /// names are case-sensitive and kept as they are.
    /// </summary>
    public static Purl Rpm(string? distribution, string name, string versionRelease, string? architecture, long? epoch, string? sourceRpm, string? distro) =>
        Create("rpm", distribution, name, versionRelease,
        [
            new("arch", architecture),
            new("epoch", epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("distro", distro),
            new("upstream", sourceRpm),
        ]);

    /// <summary><c>pkg:nuget/Newtonsoft.Json@13.0.3</c>.</summary>
    public static Purl NuGet(string id, string? version) => Create("nuget", null, id, version);

    /// <summary>
    /// <c>pkg:oci/app@sha256%3A…?repository_url=registry/team/app</c>: the name is the repository's last segment and the
    /// version the manifest digest.
    /// </summary>
    public static Purl Oci(string repositoryUrl, Digest digest, string? tag = null, string? architecture = null)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        var name = repositoryUrl.TrimEnd('/')[(repositoryUrl.TrimEnd('/').LastIndexOf('/') + 1)..];
        return Create("oci", null, name, digest.ToString(), [new("arch", architecture), new("repository_url", repositoryUrl), new("tag", tag)]);
    }

    /// <summary>
    /// Parses a purl as the purl specification's "How to parse" section orders it (subpath after <c>#</c>, qualifiers
    /// after <c>?</c>, the scheme, the type, the version after the last <c>@</c>, the name after the last <c>/</c>, the
    /// namespace) and returns it in canonical form; null when the text is not a purl.
    /// </summary>
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
            subpath = Uri.UnescapeDataString(rest[(hash + 1)..]);
            rest = rest[..hash];
        }

        var qualifiers = new List<KeyValuePair<string, string?>>();
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return null;
                }

                qualifiers.Add(new(pair[..equals], Uri.UnescapeDataString(pair[(equals + 1)..])));
            }

            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var type = rest[..slash];
        rest = rest[(slash + 1)..].TrimEnd('/');
        string? version = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            version = Uri.UnescapeDataString(rest[(at + 1)..]);
            rest = rest[..at];
        }

        var lastSlash = rest.LastIndexOf('/');
        var name = Uri.UnescapeDataString(rest[(lastSlash + 1)..]);
        var @namespace = lastSlash < 0 ? null : string.Join('/', rest[..lastSlash].Split('/').Select(Uri.UnescapeDataString));
        try
        {
            return Create(type, @namespace, name, version, qualifiers, subpath);
        }
        catch (ScException)
        {
            return null;
        }
    }

    /// <summary>The value of a qualifier (keys are lowercase), or null.</summary>
    public string? Qualifier(string key) => Qualifiers.FirstOrDefault(q => string.Equals(q.Key, key, StringComparison.Ordinal)).Value;

    /// <summary>Percent-encodes everything but ASCII letters, digits and <c>.-_~</c>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'~'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public bool Equals(Purl? other) => other is not null && string.Equals(_canonical, other._canonical, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Purl);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    public override string ToString() => _canonical;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private string Build()
    {
        var builder = new StringBuilder("pkg:").Append(Type).Append('/');
        if (Namespace is not null)
        {
            builder.AppendJoin('/', Namespace.Split('/').Select(Encode)).Append('/');
        }

        builder.Append(Encode(Name));
        if (Version is not null)
        {
            builder.Append('@').Append(Encode(Version));
        }

        if (Qualifiers.Count > 0)
        {
            builder.Append('?').AppendJoin('&', Qualifiers.Select(q => q.Key + "=" + Encode(q.Value)));
        }

        if (Subpath is not null)
        {
            builder.Append('#').AppendJoin('/', Subpath.Split('/').Select(Encode));
        }

        return builder.ToString();
    }
}
