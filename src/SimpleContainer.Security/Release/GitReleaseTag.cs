using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Tools;

namespace SimpleContainer.Security.Release;

/// <summary>
/// The release's annotated git tag, written with the git binary (through <see cref="ToolRunner"/>): a tag is a
/// one-line object write that every CI image has git for, and LibGit2Sharp would add a native library to the tool.
/// </summary>
public sealed class GitReleaseTag(string workingDirectory, ToolRunner? runner = null)
{
    private readonly ToolRunner tools = runner ?? new ToolRunner();

    /// <summary>HEAD's commit, or null when the folder is not in a git work tree (or git is missing).</summary>
    public async Task<string?> HeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var head = await GitAsync(["rev-parse", "--verify", "HEAD^{commit}"], null, cancellationToken).ConfigureAwait(false);
            return head.Succeeded ? head.StandardOutput.Trim() : null;
        }
        catch (ToolNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The commit an existing tag points at, or null when there is no such tag.</summary>
    public async Task<string?> TaggedCommitAsync(string tag, CancellationToken cancellationToken)
    {
        var found = await GitAsync(["rev-parse", "-q", "--verify", $"refs/tags/{tag}^{{commit}}"], null, cancellationToken).ConfigureAwait(false);
        return found.Succeeded ? found.StandardOutput.Trim() : null;
    }

    /// <summary>Refuses (SCSEC8007) when <paramref name="tag"/> exists on a commit other than <paramref name="head"/>; true when it is already on HEAD.</summary>
    public async Task<bool> EnsureFreeOrOnHeadAsync(string tag, string head, CancellationToken cancellationToken)
    {
        var tagged = await TaggedCommitAsync(tag, cancellationToken).ConfigureAwait(false);
        if (tagged is not null && !string.Equals(tagged, head, StringComparison.Ordinal))
        {
            throw new ScException(DiagnosticIds.ReleaseTagExists, tag, tagged, head);
        }

        return tagged is not null;
    }

    /// <summary>Creates the annotated tag on <paramref name="commit"/> with <paramref name="message"/> (given on stdin, never as an argument).</summary>
    public async Task CreateAsync(string tag, string commit, string message, CancellationToken cancellationToken)
    {
        var created = await GitAsync(["tag", "-a", "--cleanup=verbatim", "-F", "-", tag, commit], message, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            throw new ScException(DiagnosticIds.ReleaseTagFailed, tag, created.StandardError.Trim());
        }
    }

    public async Task PushAsync(string tag, string remote, CancellationToken cancellationToken)
    {
        var pushed = await GitAsync(["push", remote, $"refs/tags/{tag}"], null, cancellationToken).ConfigureAwait(false);
        if (!pushed.Succeeded)
        {
            throw new ScException(DiagnosticIds.ReleaseTagPushFailed, tag, remote, pushed.StandardError.Trim());
        }
    }

    private Task<ProcessResult> GitAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken) =>
        tools.RunAsync(new ProcessRequest("git", ["-C", workingDirectory, .. arguments]) { StandardInput = input, Timeout = TimeSpan.FromMinutes(2) }, cancellationToken);
}
