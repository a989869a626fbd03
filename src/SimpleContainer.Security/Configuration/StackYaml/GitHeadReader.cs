using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Configuration.StackYaml;

/// <summary>
/// What <c>${git:commit|commit.short|branch}</c> reads, from the nearest <c>.git</c> at or above a folder without a git
/// binary: HEAD, the ref it names (loose or in packed-refs), and a worktree's <c>gitdir:</c>/<c>commondir</c> links.
/// </summary>
public sealed class GitHeadReader(string startDirectory)
{
    private const int MaxRefFileBytes = 4 * 1024 * 1024;

    public string Read(string what, string location)
    {
        var (gitDirectory, commonDirectory) = FindGitDirectory(Path.GetFullPath(startDirectory))
            ?? throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, $"no .git at or above {startDirectory}");
        var head = ReadSmall(Path.Combine(gitDirectory, "HEAD"), what, location).Trim();
        string? branch = null;
        var commit = head;
        if (head.StartsWith("ref: ", StringComparison.Ordinal))
        {
            var reference = head[5..].Trim();
            branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
            commit = ResolveRef(gitDirectory, commonDirectory, reference)
                ?? throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, $"{reference} has no commit yet");
        }

        if (commit.Length is not (40 or 64) || !commit.All(Uri.IsHexDigit))
        {
            throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, "HEAD does not name a commit");
        }

        return what switch
        {
            "commit" => commit,
            "commit.short" => commit[..7],
            "branch" => branch ?? throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, "HEAD is detached (no branch checked out)"),
            _ => throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, "use commit, commit.short or branch"),
        };
    }

    private static string? ResolveRef(string gitDirectory, string commonDirectory, string reference)
    {
        foreach (var directory in new[] { gitDirectory, commonDirectory }.Distinct(StringComparer.Ordinal))
        {
            var loose = Path.Combine(directory, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(loose))
            {
                return ReadSmall(loose, reference, string.Empty).Trim();
            }
        }

        var packed = Path.Combine(commonDirectory, "packed-refs");
        if (!File.Exists(packed))
        {
            return null;
        }

        return ReadSmall(packed, reference, string.Empty).Split('\n')
            .Select(line => line.Trim().Split(' ', 2))
            .Where(parts => parts.Length == 2 && parts[1] == reference)
            .Select(parts => parts[0])
            .FirstOrDefault();
    }

    private static (string GitDirectory, string CommonDirectory)? FindGitDirectory(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return (dotGit, dotGit);
            }

            if (File.Exists(dotGit))
            {
                // A worktree or submodule: "gitdir: <path>", whose "commondir" points at the shared refs.
                var link = ReadSmall(dotGit, ".git", string.Empty).Trim();
                if (!link.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    return null;
                }

                var gitDirectory = Path.GetFullPath(link[7..].Trim(), current.FullName);
                var commonFile = Path.Combine(gitDirectory, "commondir");
                var common = File.Exists(commonFile) ? Path.GetFullPath(ReadSmall(commonFile, "commondir", string.Empty).Trim(), gitDirectory) : gitDirectory;
                return (gitDirectory, common);
            }
        }

        return null;
    }

    private static string ReadSmall(string path, string what, string location)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxRefFileBytes)
        {
            throw new ScException(DiagnosticIds.GitValueUnavailable, location, what, $"{path} is larger than {MaxRefFileBytes} bytes");
        }

        return File.ReadAllText(path);
    }
}
