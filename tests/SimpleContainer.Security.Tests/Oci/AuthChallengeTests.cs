using SimpleContainer.Security.Oci.Auth;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class AuthChallengeTests
{
    [TestMethod]
    public void Parses_a_docker_hub_bearer_challenge()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"")!;
        Assert.IsTrue(challenge.IsBearer);
        Assert.AreEqual("https://auth.docker.io/token", challenge.Realm);
        Assert.AreEqual("registry.docker.io", challenge.Service);
        CollectionAssert.AreEqual(new[] { "repository:library/nginx:pull" }, challenge.Scopes.ToArray());
    }

    [TestMethod]
    public void Parses_space_separated_scopes_and_escaped_quotes()
    {
        var challenge = AuthChallenge.Parse("Bearer realm=\"https://r/t\", scope=\"repository:a:pull repository:b:pull,push\", error=\"insufficient_scope\", note=\"a \\\"q\\\"\"")!;
        CollectionAssert.AreEqual(new[] { "repository:a:pull", "repository:b:pull,push" }, challenge.Scopes.ToArray());
        Assert.AreEqual("insufficient_scope", challenge.Parameters["error"]);
        Assert.AreEqual("a \"q\"", challenge.Parameters["note"]);
    }

    [TestMethod]
    public void Parses_basic_and_unquoted_values()
    {
        var challenge = AuthChallenge.Parse("Basic realm=local-registry")!;
        Assert.IsTrue(challenge.IsBasic);
        Assert.AreEqual("local-registry", challenge.Realm);
        Assert.IsNull(AuthChallenge.Parse("   "));
    }
}
