using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Oci;

/// <summary>
/// An image reference in the docker grammar: <c>[registry[:port]/]repository[:tag][@digest]</c>.
/// A first component is a registry when it holds a '.' or ':' or is <c>localhost</c>; otherwise the registry is
/// <c>docker.io</c>, where a one-component name gets the <c>library/</c> prefix.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DefaultTag = "latest";

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry as written by users (<c>docker.io</c>, <c>localhost:5000</c>, <c>ghcr.io</c>).</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry, for example <c>library/nginx</c>.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>What to ask the registry for: the digest when known, else the tag, else <c>latest</c>.</summary>
    public string Reference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary><c>registry/repository</c>, as cosign puts it in the docker-reference of a signature.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Create(string registry, string repository, string? tag = null, Digest? digest = null)
    {
        var text = $"{registry}/{repository}{(tag is null ? string.Empty : ":" + tag)}{(digest is null ? string.Empty : "@" + digest)}";
        return Parse(text);
    }

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var reason) ? reference : throw new ScException(DiagnosticIds.InvalidImageReference, text, reason);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference) => TryParse(text, out reference, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, out string reason)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "it is empty";
            return false;
        }

        if (text.Length > 4096 || text.Any(char.IsWhiteSpace))
        {
            reason = "it contains white space or is too long";
            return false;
        }

        var remainder = text;
        Digest? digest = null;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Oci.Digest.TryParse(remainder[(at + 1)..], out var parsedDigest))
            {
                reason = $"'{remainder[(at + 1)..]}' is not a sha256 or sha512 digest";
                return false;
            }

            digest = parsedDigest;
            remainder = remainder[..at];
        }

        string registry;
        var slash = remainder.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : remainder[..slash];
        if (first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.StartsWith('[')))
        {
            registry = first;
            remainder = remainder[(slash + 1)..];
            if (!RegistryPattern().IsMatch(registry))
            {
                reason = $"'{registry}' is not a valid registry host[:port]";
                return false;
            }
        }
        else
        {
            registry = DockerHub;
        }

        string? tag = null;
        var lastColon = remainder.LastIndexOf(':');
        if (lastColon >= 0)
        {
            tag = remainder[(lastColon + 1)..];
            remainder = remainder[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                reason = $"'{tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')";
                return false;
            }
        }

        var repository = remainder;
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        if (!RepositoryPattern().IsMatch(repository) || repository.Length > 255)
        {
            reason = $"'{repository}' is not a valid repository (lowercase letters, digits and separators '.', '_', '__', '-', '/')";
            return false;
        }

        reference = new ImageReference(registry, repository, tag, digest);
        reason = string.Empty;
        return true;
    }

    public ImageReference WithDigest(Digest digest) => new(Registry, Repository, Tag, digest);

    public ImageReference WithTag(string tag) => Create(Registry, Repository, tag);

    /// <summary>The same repository, pinned to a digest and without a tag: the immutable form every later stage uses.</summary>
    public ImageReference Pinned(Digest digest) => new(Registry, Repository, null, digest);

    public ImageReference InRepository(string repository) => Create(Registry, repository, Tag, Digest);

    public override string ToString() =>
        $"{Name}{(Tag is null ? string.Empty : ":" + Tag)}{(Digest is null ? string.Empty : "@" + Digest)}";

    [GeneratedRegex(@"^(?:\[[0-9a-fA-F:]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
