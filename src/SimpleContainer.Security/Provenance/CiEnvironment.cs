namespace SimpleContainer.Security.Provenance;

/// <summary>What a CI system says about the build: who built it, which run, which source, and its non-secret fields.</summary>
public sealed record CiEnvironment(
    string System,
    string BuilderId,
    string? InvocationId,
    string? SourceRepository,
    string? SourceRef,
    string? Commit,
    IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The builder id outside CI: the provenance is still made, but it does not meet SLSA Build L2.</summary>
    public const string LocalBuilderId = "https://github.com/SimpleContainer/SimpleContainer.Security/builders/local@v1";

    public const string LocalSystem = "local";

    public bool IsLocal => System == LocalSystem;

    /// <summary>
    /// Detects GitHub Actions, GitLab CI, Azure Pipelines, Jenkins, CircleCI or Bitbucket Pipelines from their standard
    /// variables; otherwise a local build. Only the variables listed per system are ever read for <see cref="Fields"/>
    /// (an allow-list: a token in the environment cannot reach the provenance).
    /// </summary>
    public static CiEnvironment Detect(Func<string, string?> getVariable)
    {
        string? V(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        Dictionary<string, string> Fields(params string[] names) =>
            names.Where(n => V(n) is not null).ToDictionary(n => n, n => V(n)!, StringComparer.Ordinal);

        if (V("GITHUB_ACTIONS") == "true" && V("GITHUB_REPOSITORY") is { } repository)
        {
            var server = (V("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
            var workflow = V("GITHUB_WORKFLOW_REF");
            return new CiEnvironment(
                "github-actions",
                workflow is null ? $"{server}/{repository}/actions" : $"{server}/{workflow}",
                V("GITHUB_RUN_ID") is { } run ? $"{server}/{repository}/actions/runs/{run}/attempts/{V("GITHUB_RUN_ATTEMPT") ?? "1"}" : null,
                $"{server}/{repository}",
                V("GITHUB_REF"),
                V("GITHUB_SHA"),
                Fields("GITHUB_EVENT_NAME", "GITHUB_REF", "GITHUB_SHA", "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_ID", "GITHUB_REPOSITORY_OWNER",
                    "GITHUB_REPOSITORY_OWNER_ID", "GITHUB_WORKFLOW", "GITHUB_WORKFLOW_REF", "GITHUB_WORKFLOW_SHA", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT",
                    "GITHUB_RUN_NUMBER", "GITHUB_ACTOR", "GITHUB_ACTOR_ID", "GITHUB_SERVER_URL", "RUNNER_OS", "RUNNER_ARCH", "RUNNER_ENVIRONMENT"));
        }

        if (V("GITLAB_CI") == "true" && V("CI_PROJECT_URL") is { } project)
        {
            var gitRef = V("CI_COMMIT_TAG") is { } tag ? $"refs/tags/{tag}" : V("CI_COMMIT_REF_NAME") is { } branch ? $"refs/heads/{branch}" : null;
            return new CiEnvironment(
                "gitlab-ci",
                V("CI_RUNNER_ID") is { } runner ? $"{project}/-/runners/{runner}" : $"{project}/-/pipelines",
                V("CI_JOB_ID") is { } job ? $"{project}/-/jobs/{job}" : V("CI_PIPELINE_ID") is { } pipeline ? $"{project}/-/pipelines/{pipeline}" : null,
                project,
                gitRef,
                V("CI_COMMIT_SHA"),
                Fields("CI_PROJECT_URL", "CI_PROJECT_PATH", "CI_PROJECT_ID", "CI_PIPELINE_ID", "CI_PIPELINE_SOURCE", "CI_JOB_ID", "CI_JOB_NAME",
                    "CI_RUNNER_ID", "CI_RUNNER_DESCRIPTION", "CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "CI_COMMIT_TAG", "CI_SERVER_URL", "GITLAB_USER_LOGIN"));
        }

        if (V("TF_BUILD") is { } tf && tf.Equals("true", StringComparison.OrdinalIgnoreCase) && V("SYSTEM_COLLECTIONURI") is { } collection)
        {
            var projectUrl = $"{collection.TrimEnd('/')}/{V("SYSTEM_TEAMPROJECT")}";
            return new CiEnvironment(
                "azure-pipelines",
                $"{projectUrl}/_build?definitionId={V("SYSTEM_DEFINITIONID")}",
                V("BUILD_BUILDID") is { } build ? $"{projectUrl}/_build/results?buildId={build}" : null,
                V("BUILD_REPOSITORY_URI"),
                V("BUILD_SOURCEBRANCH"),
                V("BUILD_SOURCEVERSION"),
                Fields("SYSTEM_COLLECTIONURI", "SYSTEM_TEAMPROJECT", "SYSTEM_DEFINITIONID", "BUILD_BUILDID", "BUILD_BUILDNUMBER", "BUILD_REASON",
                    "BUILD_REPOSITORY_URI", "BUILD_SOURCEBRANCH", "BUILD_SOURCEVERSION", "AGENT_OS", "AGENT_NAME"));
        }

        if (V("JENKINS_URL") is { } jenkins)
        {
            return new CiEnvironment(
                "jenkins",
                V("JOB_URL") ?? jenkins,
                V("BUILD_URL"),
                V("GIT_URL"),
                V("GIT_BRANCH") is { } branch ? (branch.StartsWith("refs/", StringComparison.Ordinal) ? branch : $"refs/heads/{branch.Replace("origin/", string.Empty, StringComparison.Ordinal)}") : null,
                V("GIT_COMMIT"),
                Fields("JENKINS_URL", "JOB_NAME", "JOB_URL", "BUILD_ID", "BUILD_NUMBER", "BUILD_URL", "GIT_URL", "GIT_BRANCH", "GIT_COMMIT", "NODE_NAME"));
        }

        if (V("CIRCLECI") == "true")
        {
            var slug = $"{V("CIRCLE_PROJECT_USERNAME")}/{V("CIRCLE_PROJECT_REPONAME")}";
            return new CiEnvironment(
                "circleci",
                $"https://circleci.com/{slug}/jobs/{V("CIRCLE_JOB")}",
                V("CIRCLE_BUILD_URL"),
                V("CIRCLE_REPOSITORY_URL"),
                V("CIRCLE_TAG") is { } tag ? $"refs/tags/{tag}" : V("CIRCLE_BRANCH") is { } branch ? $"refs/heads/{branch}" : null,
                V("CIRCLE_SHA1"),
                Fields("CIRCLE_PROJECT_USERNAME", "CIRCLE_PROJECT_REPONAME", "CIRCLE_JOB", "CIRCLE_BUILD_NUM", "CIRCLE_BUILD_URL", "CIRCLE_WORKFLOW_ID",
                    "CIRCLE_REPOSITORY_URL", "CIRCLE_BRANCH", "CIRCLE_TAG", "CIRCLE_SHA1"));
        }

        if (V("BITBUCKET_BUILD_NUMBER") is { } number && V("BITBUCKET_REPO_FULL_NAME") is { } fullName)
        {
            return new CiEnvironment(
                "bitbucket-pipelines",
                $"https://bitbucket.org/{fullName}/pipelines",
                $"https://bitbucket.org/{fullName}/pipelines/results/{number}",
                V("BITBUCKET_GIT_HTTP_ORIGIN"),
                V("BITBUCKET_TAG") is { } tag ? $"refs/tags/{tag}" : V("BITBUCKET_BRANCH") is { } branch ? $"refs/heads/{branch}" : null,
                V("BITBUCKET_COMMIT"),
                Fields("BITBUCKET_REPO_FULL_NAME", "BITBUCKET_BUILD_NUMBER", "BITBUCKET_PIPELINE_UUID", "BITBUCKET_STEP_UUID", "BITBUCKET_BRANCH",
                    "BITBUCKET_TAG", "BITBUCKET_COMMIT", "BITBUCKET_GIT_HTTP_ORIGIN"));
        }

        return new CiEnvironment(LocalSystem, LocalBuilderId, null, null, null, null, new Dictionary<string, string>());
    }
}
