using SimpleContainer.Security.Sbom;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class PurlParsingTests
{
    [TestMethod]
    public void Purls_written_by_other_tools_read_back_to_our_canonical_purl()
    {
        Assert.AreEqual(Purl.Deb("debian", "libc6", "2.36-9+deb12u4", "amd64", "debian-12"), Purl.TryParse("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"));
        Assert.AreEqual(Purl.Deb("debian", "libc6", "2.36-9+deb12u4", "amd64", "debian-12"), Purl.TryParse("pkg:deb/debian/libc6@2.36-9+deb12u4?distro=debian-12&arch=amd64"), "trivy leaves '+' unencoded and orders qualifiers its own way");
        Assert.AreEqual("pkg:nuget/Newtonsoft.Json@13.0.3", Purl.TryParse("pkg:nuget/Newtonsoft.Json@13.0.3")?.ToString());
        Assert.AreEqual("pkg:maven/org.apache.httpcomponents/httpclient@4.1.1", Purl.TryParse("pkg:maven/org.apache.httpcomponents/httpclient@4.1.1")?.ToString());
        var rpm = Purl.TryParse("pkg:rpm/azurelinux/openssl@3.3.3-1.azl3?arch=x86_64&epoch=1#usr/lib");
        Assert.AreEqual("1", rpm?.Qualifier("epoch"));
        Assert.AreEqual("usr/lib", rpm?.Subpath);
        Assert.AreEqual("pkg:npm/%40angular/core@17.0.0", Purl.TryParse("pkg:npm/%40angular/core@17.0.0")?.ToString());
    }

    [TestMethod]
    public void Text_that_is_not_a_purl_reads_as_null()
    {
        foreach (var text in new[] { null, "", "  ", "cpe:2.3:a:anchore:engine:2.2.2", "pkg:", "pkg:deb", "pkg:1deb/x@1" })
        {
            Assert.IsNull(Purl.TryParse(text), text);
        }
    }
}
