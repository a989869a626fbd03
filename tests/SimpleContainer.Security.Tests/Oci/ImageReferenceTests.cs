using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;

namespace SimpleContainer.Security.Tests.Oci;

[TestClass]
public sealed class ImageReferenceTests
{
    private const string Hex = "9626e31de8c3032ebb35579e894781d614d78c9e22bb7cf2c963276c60c6f9c1";

    [TestMethod]
    [DataRow("nginx", "docker.io", "library/nginx", null, "latest")]
    [DataRow("nginx:1.27", "docker.io", "library/nginx", "1.27", "1.27")]
    [DataRow("team/app", "docker.io", "team/app", null, "latest")]
    [DataRow("docker.io/nginx", "docker.io", "library/nginx", null, "latest")]
    [DataRow("index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1", "1")]
    [DataRow("localhost/app", "localhost", "app", null, "latest")]
    [DataRow("localhost:5000/team/app:v3", "localhost:5000", "team/app", "v3", "v3")]
    [DataRow("127.0.0.1:5000/a/b/c:1.0-rc.1", "127.0.0.1:5000", "a/b/c", "1.0-rc.1", "1.0-rc.1")]
    [DataRow("ghcr.io/owner/repo:sha-abc", "ghcr.io", "owner/repo", "sha-abc", "sha-abc")]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com", "dotnet/aspnet", "10.0", "10.0")]
    [DataRow("[::1]:5000/app:1", "[::1]:5000", "app", "1", "1")]
    [DataRow("my-registry.local:443/a__b/c-d.e:tag_1", "my-registry.local:443", "a__b/c-d.e", "tag_1", "tag_1")]
    public void Parses_the_docker_grammar(string text, string registry, string repository, string? tag, string reference)
    {
        var parsed = ImageReference.Parse(text);
        Assert.AreEqual(registry, parsed.Registry);
        Assert.AreEqual(repository, parsed.Repository);
        Assert.AreEqual(tag, parsed.Tag);
        Assert.AreEqual(reference, parsed.Reference);
        Assert.IsNull(parsed.Digest);
    }

    [TestMethod]
    public void Digest_wins_over_tag_as_the_reference()
    {
        var parsed = ImageReference.Parse($"localhost:5000/app:1.0@sha256:{Hex}");
        Assert.AreEqual("1.0", parsed.Tag);
        Assert.AreEqual($"sha256:{Hex}", parsed.Reference);
        Assert.AreEqual($"localhost:5000/app:1.0@sha256:{Hex}", parsed.ToString());
        Assert.AreEqual($"localhost:5000/app@sha256:{Hex}", parsed.Pinned(parsed.Digest!.Value).ToString());
        Assert.AreEqual("localhost:5000/app", parsed.Name);
    }

    [TestMethod]
    public void Round_trips_through_its_string_form()
    {
        foreach (var text in new[] { "docker.io/library/nginx:1", "localhost:5000/team/app:v3", $"ghcr.io/o/r@sha256:{Hex}" })
        {
            Assert.AreEqual(text, ImageReference.Parse(text).ToString());
        }
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("UPPER/case")]
    [DataRow("app:")]
    [DataRow("app:-bad")]
    [DataRow("app@sha256:1234")]
    [DataRow("app@md5:0123456789abcdef0123456789abcdef")]
    [DataRow("registry.io/")]
    [DataRow("has space/app")]
    [DataRow("a//b")]
    [DataRow("app:" + "toolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtagtoolongtX")]
    public void Rejects_invalid_references_with_a_coded_error(string text)
    {
        var error = Assert.ThrowsExactly<ScException>(() => ImageReference.Parse(text));
        Assert.AreEqual("SCSEC2001", error.Code);
        StringAssert.Contains(error.Message, "[registry[:port]/]repository");
    }
}
