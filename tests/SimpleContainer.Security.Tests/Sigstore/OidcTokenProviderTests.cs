using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sigstore.Oidc;
using SimpleContainer.Security.TestSupport.Registry;
using SimpleContainer.Security.TestSupport.Signing;

namespace SimpleContainer.Security.Tests.Sigstore;

[TestClass]
public sealed class OidcTokenProviderTests
{
    private static readonly OidcTokenOptions Fast = new() { GitHubRetryDelay = TimeSpan.FromMilliseconds(1) };

    [TestMethod]
    public async Task SIGSTORE_ID_TOKEN_comes_first_and_names_its_claims_but_never_the_token()
    {
        var jwt = PrivateSigstore.Token(subject: "repo:sc/demo");
        var provider = Provider(("SIGSTORE_ID_TOKEN", jwt), ("ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/x"), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "bearer"));

        var token = await provider.GetTokenAsync(Fast, default);

        Assert.AreEqual(PrivateSigstore.GitHubIssuer, token.Issuer);
        Assert.AreEqual("repo:sc/demo", token.ProofSubject);
        Assert.AreEqual("SIGSTORE_ID_TOKEN", token.Source);
        Assert.IsFalse(token.ToString().Contains(jwt, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task GitHub_Actions_is_asked_with_audience_sigstore_and_the_bearer_and_retried_after_a_5xx()
    {
        var jwt = PrivateSigstore.Token();
        var seen = new List<string>();
        await using var server = await LoopbackWebServer.StartAsync(app => app.Run(async context =>
        {
            seen.Add($"{context.Request.QueryString} {context.Request.Headers.Authorization}");
            if (seen.Count == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }

            await context.Response.WriteAsJsonAsync(new { value = jwt });
        }));
        var provider = Provider(("ACTIONS_ID_TOKEN_REQUEST_URL", new Uri(server.BaseUri, "token?api-version=2.0").ToString()), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "runner-bearer"));

        var token = await provider.GetTokenAsync(Fast, default);

        Assert.AreEqual("GitHub Actions", token.Source);
        Assert.AreEqual(2, seen.Count);
        Assert.AreEqual("?api-version=2.0&audience=sigstore Bearer runner-bearer", seen[1]);
    }

    [TestMethod]
    public async Task A_GitHub_token_service_that_keeps_failing_is_a_coded_error_without_the_bearer()
    {
        await using var server = await LoopbackWebServer.StartAsync(app => app.Run(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        }));
        var provider = Provider(("ACTIONS_ID_TOKEN_REQUEST_URL", new Uri(server.BaseUri, "token?x=1").ToString()), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "secret-bearer"));

        var error = await Assert.ThrowsExactlyAsync<ScException>(() => provider.GetTokenAsync(Fast, default));

        Assert.AreEqual("SCSEC5102", error.Diagnostic.Code);
        Assert.IsFalse(error.Message.Contains("secret-bearer", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task The_named_variable_and_then_the_file_are_used_when_nothing_else_is_there()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("sc-oidc-").FullName, "token");
        await File.WriteAllTextAsync(file, PrivateSigstore.Token(subject: "from-file") + "\n");

        var fromVariable = await Provider(("CI_JOB_SIGSTORE", PrivateSigstore.Token(subject: "from-variable"))).GetTokenAsync(Fast with { TokenVariable = "CI_JOB_SIGSTORE", TokenFile = file }, default);
        var fromFile = await Provider().GetTokenAsync(Fast with { TokenVariable = "CI_JOB_SIGSTORE", TokenFile = file }, default);

        Assert.AreEqual("from-variable", fromVariable.Subject);
        Assert.AreEqual("from-file", fromFile.Subject);
    }

    [TestMethod]
    [DataRow("GITHUB_ACTIONS", "id-token: write")]
    [DataRow("GITLAB_CI", "id_tokens:")]
    public async Task No_token_names_the_missing_CI_permission(string ci, string permission)
    {
        var provider = Provider((ci, "true"));

        Assert.IsFalse(provider.IsAvailable(Fast));
        var error = await Assert.ThrowsExactlyAsync<ScException>(() => provider.GetTokenAsync(Fast, default));

        Assert.AreEqual("SCSEC5100", error.Diagnostic.Code);
        StringAssert.Contains(error.Message, permission);
    }

    [TestMethod]
    public void A_token_that_is_not_a_JWT_is_refused_without_echoing_it()
    {
        var error = Assert.ThrowsExactly<ScException>(() => OidcToken.Parse("not-a-jwt-secret", "SIGSTORE_ID_TOKEN"));

        Assert.AreEqual("SCSEC5101", error.Diagnostic.Code);
        Assert.IsFalse(error.Message.Contains("not-a-jwt-secret", StringComparison.Ordinal));
    }

    [TestMethod]
    public void A_verified_email_is_the_proof_subject()
    {
        var token = OidcToken.Parse(PrivateSigstore.Token(issuer: "https://accounts.google.com", subject: "1234", email: "dev@example.com"), "test");

        Assert.AreEqual("dev@example.com", token.ProofSubject);
    }

    private static OidcTokenProvider Provider(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => (string?)v.Value);
        return new OidcTokenProvider(name => map.GetValueOrDefault(name));
    }
}
