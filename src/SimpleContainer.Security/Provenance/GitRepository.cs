using System.Text.RegularExpressions;

namespace SimpleContainer.Security.Provenance;

/// <summary>The facts of the git checkout a project lives in, read from the repository's files (no git binary).</summary>
public sealed record GitFacts(string? Commit, string? Ref, string? RemoteUrl, bool Shallow);

/// <summary>
/// Reads HEAD, refs and the origin remote from <c>.git</c>: a normal checkout, a worktree or submodule (<c>.git</c> file
/// with <c>gitdir:</c>, refs in <c>commondir</c>), a detached HEAD, loose and packed refs, a shallow clone (a
/// <c>shallow</c> file). Remote URLs lose their user info so a token in them never reaches the provenance.
/// </summary>
public static partial class GitRepository
{
    private const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>The facts of the repository containing <paramref name="directory"/>, or null outside one.</summary>
    public static GitFacts? Read(string directory)
    {
        var gitDir = FindGitDir(Path.GetFullPath(directory));
        if (gitDir is null)
        {
            return null;
        }

        var commonDir = ReadText(Path.Combine(gitDir, "commondir")) is { } common ? Path.GetFullPath(common.Trim(), gitDir) : gitDir;
        var head = ReadText(Path.Combine(gitDir, "HEAD"))?.Trim();
        string? gitRef = null;
        string? commit = null;
        if (head is not null && head.StartsWith("ref:", StringComparison.Ordinal))
        {
            gitRef = head[4..].Trim();
            commit = ResolveRef(gitRef, gitDir, commonDir, 0);
        }
        else if (head is not null && ObjectId().IsMatch(head))
        {
            commit = head.ToLowerInvariant();
        }

        return new GitFacts(commit, gitRef, OriginUrl(commonDir), File.Exists(Path.Combine(commonDir, "shallow")));
    }

    private static string? FindGitDir(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return dotGit;
            }

            if (File.Exists(dotGit) && ReadText(dotGit) is { } pointer && pointer.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                return Path.GetFullPath(pointer[7..].Trim(), dir.FullName);
            }
        }

        return null;
    }

    private static string? ResolveRef(string gitRef, string gitDir, string commonDir, int depth)
    {
        if (depth > 5 || gitRef.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var root in new[] { gitDir, commonDir })
        {
            if (ReadText(Path.Combine(root, gitRef))?.Trim() is { } loose)
            {
                return loose.StartsWith("ref:", StringComparison.Ordinal) ? ResolveRef(loose[4..].Trim(), gitDir, commonDir, depth + 1)
                    : ObjectId().IsMatch(loose) ? loose.ToLowerInvariant() : null;
            }
        }

        foreach (var line in (ReadText(Path.Combine(commonDir, "packed-refs")) ?? string.Empty).Split('\n'))
        {
            if (line.Length == 0 || line[0] is '#' or '^')
            {
                continue;
            }

            var parts = line.TrimEnd('\r').Split(' ', 2);
            if (parts.Length == 2 && parts[1] == gitRef && ObjectId().IsMatch(parts[0]))
            {
                return parts[0].ToLowerInvariant();
            }
        }

        return null;
    }

    private static string? OriginUrl(string commonDir)
    {
        var inOrigin = false;
        foreach (var raw in (ReadText(Path.Combine(commonDir, "config")) ?? string.Empty).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inOrigin = RemoteOrigin().IsMatch(line);
            }
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.IndexOf('=') is var eq and > 0 && line[..eq].Trim() == "url")
            {
                return SourceUris.StripCredentials(line[(eq + 1)..].Trim().Trim('"'));
            }
        }

        return null;
    }

    private static string? ReadText(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= MaxFileBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial Regex ObjectId();

    [GeneratedRegex("""^\[\s*remote\s+"origin"\s*\]$""")]
    private static partial Regex RemoteOrigin();
}
