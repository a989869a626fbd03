using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Attestation;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.Provenance;

namespace SimpleContainer.Security.Tests.Provenance;

/// <summary>
/// SLSA v1 provenance made under simulated GitHub Actions, GitLab CI and local environments, checked field by field
/// against the SLSA v1 rules (required fields, RFC 3339 times, digest sets) and the expected values; planted tokens never appear.
/// </summary>
[TestClass]
public sealed partial class SlsaProvenanceTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string PlantedToken = "ghs_PLANTEDSECRET0123456789";
    private const string PlantedOidc = "PLANTED-OIDC-REQUEST-TOKEN";

    private static readonly Dictionary<string, string?> GitHub = new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "org/app",
        ["GITHUB_WORKFLOW_REF"] = "org/app/.github/workflows/release.yml@refs/heads/main",
        ["GITHUB_RUN_ID"] = "4242",
        ["GITHUB_RUN_ATTEMPT"] = "2",
        ["GITHUB_REF"] = "refs/heads/main",
        ["GITHUB_SHA"] = Commit,
        ["GITHUB_EVENT_NAME"] = "push",
        ["RUNNER_OS"] = "Linux",
        ["GITHUB_TOKEN"] = PlantedToken,
        ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = PlantedOidc,
        ["ACTIONS_RUNTIME_TOKEN"] = PlantedToken,
    };

    private static readonly Dictionary<string, string?> GitLab = new()
    {
        ["GITLAB_CI"] = "true",
        ["CI_PROJECT_URL"] = "https://gitlab.example.com/group/app",
        ["CI_RUNNER_ID"] = "77",
        ["CI_PIPELINE_ID"] = "900",
        ["CI_JOB_ID"] = "901",
        ["CI_COMMIT_REF_NAME"] = "main",
        ["CI_COMMIT_SHA"] = Commit,
        ["CI_JOB_TOKEN"] = PlantedToken,
        ["CI_REGISTRY_PASSWORD"] = PlantedToken,
    };

    [TestMethod]
    public void GitHub_Actions_provenance_has_the_workflow_builder_the_run_and_the_source_and_no_token()
    {
        var (predicate, text) = Make(GitHub, includeEnv: true);

        AssertSlsaV1Shape(predicate);
        Assert.AreEqual("https://github.com/org/app/.github/workflows/release.yml@refs/heads/main", (string?)predicate["runDetails"]!["builder"]!["id"]);
        Assert.AreEqual("https://github.com/org/app/actions/runs/4242/attempts/2", (string?)predicate["runDetails"]!["metadata"]!["invocationId"]);
        var source = Dependency(predicate, "git+");
        Assert.AreEqual("git+https://github.com/org/app@refs/heads/main", (string?)source["uri"]);
        Assert.AreEqual(Commit, (string?)source["digest"]!["gitCommit"]);
        Assert.AreEqual("https://github.com/org/app", (string?)predicate["buildDefinition"]!["externalParameters"]!["source"]!["repository"]);
        Assert.AreEqual("push", (string?)predicate["buildDefinition"]!["internalParameters"]!["env"]!["GITHUB_EVENT_NAME"]);
        Assert.AreEqual("github-actions", (string?)predicate["buildDefinition"]!["internalParameters"]!["ci"]);
        Assert.DoesNotContain(PlantedToken, text);
        Assert.DoesNotContain(PlantedOidc, text);
        Assert.DoesNotContain("GITHUB_TOKEN", text);
        Assert.DoesNotContain("ACTIONS_ID_TOKEN_REQUEST_TOKEN", text);
    }

    [TestMethod]
    public void GitLab_provenance_has_the_runner_builder_the_job_and_the_commit_and_no_token()
    {
        var (predicate, text) = Make(GitLab, includeEnv: true);

        AssertSlsaV1Shape(predicate);
        Assert.AreEqual("https://gitlab.example.com/group/app/-/runners/77", (string?)predicate["runDetails"]!["builder"]!["id"]);
        Assert.AreEqual("https://gitlab.example.com/group/app/-/jobs/901", (string?)predicate["runDetails"]!["metadata"]!["invocationId"]);
        Assert.AreEqual("900", (string?)predicate["buildDefinition"]!["internalParameters"]!["env"]!["CI_PIPELINE_ID"]);
        Assert.AreEqual("git+https://gitlab.example.com/group/app@refs/heads/main", (string?)Dependency(predicate, "git+")["uri"]);
        Assert.DoesNotContain(PlantedToken, text);
        Assert.DoesNotContain("CI_JOB_TOKEN", text);
    }

    [TestMethod]
    public void Local_provenance_names_the_local_builder_and_still_has_every_required_field()
    {
        var (predicate, _) = Make([], includeEnv: true);

        AssertSlsaV1Shape(predicate);
        Assert.AreEqual(CiEnvironment.LocalBuilderId, (string?)predicate["runDetails"]!["builder"]!["id"]);
        Assert.IsNull(predicate["buildDefinition"]!["internalParameters"]!["env"], "no CI fields outside CI");
        Assert.AreEqual("local", (string?)predicate["buildDefinition"]!["internalParameters"]!["ci"]);
    }

    [TestMethod]
    public void The_builder_id_setting_replaces_the_detected_one_and_env_fields_need_IncludeEnv()
    {
        var (predicate, _) = Make(GitHub, includeEnv: false, builderId: "https://builders.example.com/trusted@v3");

        Assert.AreEqual("https://builders.example.com/trusted@v3", (string?)predicate["runDetails"]!["builder"]!["id"]);
        Assert.IsNull(predicate["buildDefinition"]!["internalParameters"]!["env"]);
    }

    [TestMethod]
    public void Every_CI_system_is_detected_from_its_standard_variables()
    {
        Assert.AreEqual("https://dev.azure.com/org/proj/_build?definitionId=5", Detect(new() { ["TF_BUILD"] = "True", ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/org/", ["SYSTEM_TEAMPROJECT"] = "proj", ["SYSTEM_DEFINITIONID"] = "5" }).BuilderId);
        Assert.AreEqual("https://ci.example.com/job/app/", Detect(new() { ["JENKINS_URL"] = "https://ci.example.com/", ["JOB_URL"] = "https://ci.example.com/job/app/" }).BuilderId);
        Assert.AreEqual("https://circleci.com/org/app/jobs/build", Detect(new() { ["CIRCLECI"] = "true", ["CIRCLE_PROJECT_USERNAME"] = "org", ["CIRCLE_PROJECT_REPONAME"] = "app", ["CIRCLE_JOB"] = "build" }).BuilderId);
        Assert.AreEqual("https://bitbucket.org/ws/app/pipelines", Detect(new() { ["BITBUCKET_BUILD_NUMBER"] = "12", ["BITBUCKET_REPO_FULL_NAME"] = "ws/app" }).BuilderId);
        Assert.IsTrue(Detect([]).IsLocal);
    }

    [TestMethod]
    public void Credentials_in_a_remote_URL_never_reach_the_source()
    {
        Assert.AreEqual("https://github.com/org/app", SourceUris.Normalize("https://x-access-token:" + PlantedToken + "@github.com/org/app.git"));
        Assert.AreEqual("ssh://github.com/org/app", SourceUris.Normalize("git@github.com:org/app.git"));
        Assert.AreEqual("https://github.com/org/app", SourceUris.Normalize("git+https://github.com/org/app@refs/heads/main"));
    }

    private static CiEnvironment Detect(Dictionary<string, string?> variables) => CiEnvironment.Detect(name => variables.GetValueOrDefault(name));

    private static (JsonObject Predicate, string Text) Make(Dictionary<string, string?> variables, bool includeEnv, string? builderId = null)
    {
        var record = new ImageRecord
        {
            Project = "/src/app/App.csproj",
            Registry = "localhost:5000",
            Repository = "team/app",
            Tags = ["1.0", "latest"],
            Digest = Digest.Sha256("index"u8).ToString(),
            MediaType = MediaTypes.OciIndex,
            BaseImage = new BaseImageRecord("localhost:5000/dotnet/runtime:10.0", "localhost:5000", "dotnet/runtime", "10.0", Digest.Sha256("base"u8).ToString()),
        };
        var predicate = SlsaProvenance.CreatePredicate(new ProvenanceInputs
        {
            Record = record,
            Build = new BuildFacts { ProjectPath = "/src/app/App.csproj", Configuration = "Release", TargetFramework = "net10.0", RuntimeIdentifiers = ["linux-x64", "linux-arm64"], SdkVersion = "10.0.401" },
            Ci = Detect(variables),
            Git = new GitFacts(Commit, "refs/heads/main", "https://github.com/org/app.git", false),
            Packages = [new ResolvedPackage("Newtonsoft.Json", "13.0.3", new string('a', 128))],
            Byproducts = [new Byproduct("sbom.cdx.json", new string('b', 64), "application/vnd.cyclonedx+json")],
            BuilderId = builderId,
            IncludeEnvironment = includeEnv,
            StartedOn = new DateTimeOffset(2026, 12, 5, 1, 2, 3, TimeSpan.FromHours(2)),
            FinishedOn = new DateTimeOffset(2026, 12, 5, 0, 5, 0, TimeSpan.Zero),
        });
        var statement = SlsaProvenance.CreateStatement(ImageReference.Parse("localhost:5000/team/app@" + record.Digest), predicate);
        Assert.AreEqual(PredicateTypes.SlsaProvenanceV1, statement.PredicateType);
        return (predicate, System.Text.Encoding.UTF8.GetString(statement.ToBytes()));
    }

    /// <summary>SLSA v1's rules: buildType and externalParameters required; builder.id required; RFC 3339 times; digest sets of known algorithms in hex.</summary>
    private static void AssertSlsaV1Shape(JsonObject predicate)
    {
        var definition = predicate["buildDefinition"]!.AsObject();
        Assert.AreEqual(SlsaProvenance.BuildType, (string?)definition["buildType"]);
        Assert.IsNotNull(definition["externalParameters"] as JsonObject);
        Assert.AreEqual("Release", (string?)definition["externalParameters"]!["configuration"]);
        Assert.AreEqual("net10.0", (string?)definition["externalParameters"]!["targetFramework"]);
        Assert.AreEqual("localhost:5000/team/app", (string?)definition["externalParameters"]!["container"]!["repository"]);
        Assert.AreEqual(2, definition["externalParameters"]!["runtimeIdentifiers"]!.AsArray().Count);
        Assert.AreEqual("10.0.401", (string?)definition["internalParameters"]!["sdkVersion"]);
        Assert.IsFalse(string.IsNullOrEmpty((string?)predicate["runDetails"]!["builder"]!["id"]));
        var metadata = predicate["runDetails"]!["metadata"]!;
        Assert.AreEqual("2026-12-04T23:02:03Z", (string?)metadata["startedOn"]);
        Assert.AreEqual("2026-12-05T00:05:00Z", (string?)metadata["finishedOn"]);
        foreach (var time in new[] { (string)metadata["startedOn"]!, (string)metadata["finishedOn"]! })
        {
            Assert.IsTrue(Rfc3339().IsMatch(time) && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), time);
        }

        foreach (var dependency in definition["resolvedDependencies"]!.AsArray().Concat(predicate["runDetails"]!["byproducts"]!.AsArray()))
        {
            Assert.IsTrue(dependency!["uri"] is not null || dependency["name"] is not null, "a resource descriptor names its resource");
            foreach (var (algorithm, value) in dependency["digest"]!.AsObject())
            {
                Assert.IsTrue(algorithm is "sha256" or "sha512" or "gitCommit", algorithm);
                Assert.IsTrue(HexDigest().IsMatch((string)value!), $"{algorithm}: {value}");
            }
        }

        Assert.AreEqual(Digest.Sha256("base"u8).Hex, (string?)Dependency(predicate, "oci://")["digest"]!["sha256"]);
        Assert.AreEqual(new string('a', 128), (string?)Dependency(predicate, "pkg:nuget/Newtonsoft.Json@13.0.3")["digest"]!["sha512"]);
    }

    private static JsonObject Dependency(JsonObject predicate, string uriPrefix) =>
        predicate["buildDefinition"]!["resolvedDependencies"]!.AsArray().OfType<JsonObject>().Single(d => ((string?)d["uri"])?.StartsWith(uriPrefix, StringComparison.Ordinal) == true);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex HexDigest();
}
