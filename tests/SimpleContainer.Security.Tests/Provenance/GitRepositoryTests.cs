using SimpleContainer.Security.Provenance;

namespace SimpleContainer.Security.Tests.Provenance;

/// <summary>Git facts read from a repository's files (no git binary): branches, detached HEAD, packed refs, worktrees, shallow clones.</summary>
[TestClass]
public sealed class GitRepositoryTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    [TestMethod]
    public void A_branch_resolves_through_a_loose_ref_and_the_origin_loses_its_credentials()
    {
        var root = Repository(head: "ref: refs/heads/main\n");
        Write(root, ".git/refs/heads/main", A + "\n");
        Write(root, ".git/config", "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://user:s3cret@github.com/org/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n");

        var facts = GitRepository.Read(Path.Combine(root, "src", "App"))!;

        Assert.AreEqual(A, facts.Commit);
        Assert.AreEqual("refs/heads/main", facts.Ref);
        Assert.AreEqual("https://github.com/org/app.git", facts.RemoteUrl);
        Assert.IsFalse(facts.Shallow);
    }

    [TestMethod]
    public void A_packed_ref_and_a_shallow_clone_are_read()
    {
        var root = Repository(head: "ref: refs/heads/release\n");
        Write(root, ".git/packed-refs", $"# pack-refs with: peeled fully-peeled sorted\n{B} refs/heads/main\n{A} refs/heads/release\n^{B}\n");
        Write(root, ".git/shallow", A + "\n");

        var facts = GitRepository.Read(root)!;

        Assert.AreEqual(A, facts.Commit);
        Assert.IsTrue(facts.Shallow);
    }

    [TestMethod]
    public void A_detached_HEAD_is_its_commit_with_no_ref()
    {
        var root = Repository(head: B + "\n");

        var facts = GitRepository.Read(root)!;

        Assert.AreEqual(B, facts.Commit);
        Assert.IsNull(facts.Ref);
    }

    [TestMethod]
    public void A_worktree_reads_its_own_HEAD_and_the_common_refs()
    {
        var main = Repository(head: "ref: refs/heads/main\n");
        Write(main, ".git/refs/heads/feature", B + "\n");
        Write(main, ".git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        Write(main, ".git/worktrees/wt/commondir", "../..\n");
        var worktree = Directory.CreateTempSubdirectory("sc-git-wt-").FullName;
        Write(worktree, ".git", $"gitdir: {Path.Combine(main, ".git", "worktrees", "wt")}\n");

        var facts = GitRepository.Read(worktree)!;

        Assert.AreEqual(B, facts.Commit);
        Assert.AreEqual("refs/heads/feature", facts.Ref);
    }

    [TestMethod]
    public void Outside_a_repository_there_are_no_facts()
    {
        Assert.IsNull(GitRepository.Read(Directory.CreateTempSubdirectory("sc-no-git-").FullName));
    }

    private static string Repository(string head)
    {
        var root = Directory.CreateTempSubdirectory("sc-git-").FullName;
        Write(root, ".git/HEAD", head);
        Directory.CreateDirectory(Path.Combine(root, "src", "App"));
        return root;
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
