using SimpleContainer.Security.Provenance;

namespace SimpleContainer.Security.Policy;

/// <summary>What the git repository holding the stack says the provenance's source is, or why it says nothing.</summary>
public sealed record GitSource(IReadOnlyList<string> Repositories, string? Missing);

/// <summary>
/// The source a generated policy requires when none is given: the <c>origin</c> remote of the git repository holding
/// the stack, written as our SLSA provenance writes it into <c>resolvedDependencies[0].uri</c> (<c>git+</c> and
/// <see cref="SourceUris.Normalize"/>: no credentials, no <c>.git</c>, no ref). An ssh remote (<c>git@host:org/repo</c>
/// is <c>ssh://host/org/repo</c>) also admits the https URI of the same host and path, which CI checkouts record.
/// </summary>
public static class ProvenanceSourceFromGit
{
    public static GitSource Find(string directory)
    {
        var facts = GitRepository.Read(directory);
        if (facts is null)
        {
            return new GitSource([], $"there is no git repository at or above {directory}");
        }

        if (facts.RemoteUrl is not { Length: > 0 } remote)
        {
            return new GitSource([], $"the git repository holding {directory} has no 'origin' remote");
        }

        var normalized = SourceUris.Normalize(remote);
        var repositories = new List<string> { "git+" + normalized };
        if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Scheme == "ssh" && uri.IsDefaultPort)
        {
            repositories.Add($"git+https://{uri.Host}{uri.AbsolutePath}");
        }

        return new GitSource(repositories, null);
    }
}
