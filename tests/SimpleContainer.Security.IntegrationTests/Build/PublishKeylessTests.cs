using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SimpleContainer.Security.Pipeline;
using SimpleContainer.Security.TestSupport.Dotnet;
using SimpleContainer.Security.TestSupport.Registry;
using SimpleContainer.Security.TestSupport.Signing;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.IntegrationTests.Build;

/// <summary>A publish in a simulated GitHub Actions job (a loopback token service) signs and attests keyless with no key configured.</summary>
[TestClass]
public sealed class PublishKeylessTests
{
    private static string Host => AssemblySetup.Registries.Plain.Host;

    [TestMethod]
    public async Task A_publish_in_GitHub_Actions_signs_and_attests_keyless_by_default_with_one_certificate_and_the_token_appears_nowhere()
    {
        var sigstore = await AssemblySetup.SigstoreAsync();
        var jwt = PrivateSigstore.Token();
        const string Bearer = "runner-request-bearer-0123456789";
        var asked = 0;
        await using var tokens = await LoopbackWebServer.StartAsync(app => app.Run(async context =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + Bearer || context.Request.Query["audience"] != "sigstore")
            {
                context.Response.StatusCode = 401;
                return;
            }

            Interlocked.Increment(ref asked);
            await context.Response.WriteAsJsonAsync(new { count = 1, value = jwt });
        }));
        var app = SampleApp.Create(await AssemblySetup.FeedAsync(), "sign-keyless");
        var binlog = Path.Combine(app.Directory, "publish.binlog");

        var result = await DotnetCli.RunAsync(
            app.Directory,
            ["publish", app.ProjectPath, "-c", "Release", "-t:PublishContainer", $"-p:ContainerBaseImage={Host}/fixtures/dotnet-runtime:10.0", "-nodeReuse:false",
             "-p:ScSigningEnabled=true", "-p:ScSbomEnabled=true", "-p:ScProvenanceEnabled=true", "-p:ScSigningFormat=both", $"-p:ScFulcioUrl={sigstore.BaseUri}", $"-p:ScRekorUrl={sigstore.BaseUri}", $"-p:ScTrustedRoot={sigstore.TrustedRoot}",
             $"-p:ContainerRegistry={Host}", "-p:ContainerRepository=it/sign-keyless", "-v:d", $"-bl:{binlog}"],
            new Dictionary<string, string?>
            {
                ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host,
                ["GITHUB_ACTIONS"] = "true",
                ["ACTIONS_ID_TOKEN_REQUEST_URL"] = new Uri(tokens.BaseUri, "token?api-version=2.0").ToString(),
                ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = Bearer,
                ["SIGSTORE_ID_TOKEN"] = null,
                ["COSIGN_PASSWORD"] = null,
            });

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput);
        Assert.AreEqual(1, asked, "one token, so one certificate, for the signature and every attestation of the publish");
        StringAssert.Contains(result.StandardOutput, "SCSEC6001", "attested");
        Assert.IsFalse(result.StandardOutput.Contains("warning SCSEC6000", StringComparison.Ordinal), "every attestation was written and read back");
        StringAssert.Contains(result.StandardOutput, "SCSEC5110");
        StringAssert.Contains(result.StandardOutput, PrivateSigstore.WorkflowIdentity);
        StringAssert.Contains(result.StandardOutput, PrivateSigstore.GitHubIssuer);
        var bundle = Path.Combine(app.SecurityFolder(), "signature.sigstore.json");
        var record = await ImageRecordStore.ReadAsync(Path.Combine(app.SecurityFolder(), "image.json"));
        var verified = await NodeValidators.VerifySigstoreKeylessBundleAsync(bundle, sigstore.TrustedRoot, PrivateSigstore.WorkflowIdentity, PrivateSigstore.GitHubIssuer, "--digest", record.Digest);
        Assert.AreEqual(0, verified.ExitCode, verified.StandardOutput);

        Assert.IsTrue(Contains(Decompressed(binlog), PrivateSigstore.WorkflowIdentity), "the binlog is searchable: it holds the summary naming the identity");
        var secrets = new[] { jwt, jwt.Split('.')[1] };
        foreach (var secret in secrets)
        {
            Assert.IsFalse(result.StandardOutput.Contains(secret, StringComparison.Ordinal) || result.StandardError.Contains(secret, StringComparison.Ordinal), "the token is in the build log");
            Assert.IsFalse(Contains(Decompressed(binlog), secret), "the token is in the binlog");
            foreach (var file in Directory.EnumerateFiles(app.SecurityFolder(), "*", SearchOption.AllDirectories))
            {
                Assert.IsFalse(File.ReadAllText(file).Contains(secret, StringComparison.Ordinal), $"the token is in {file}");
            }
        }

        Assert.IsFalse(result.StandardOutput.Contains(Bearer, StringComparison.Ordinal), "the runner's bearer is in the build log");
    }

    private static byte[] Decompressed(string binlog)
    {
        using var input = new GZipStream(File.OpenRead(binlog), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
