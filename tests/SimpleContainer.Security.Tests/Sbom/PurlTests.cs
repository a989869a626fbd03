using System.Text.Json;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom;

using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class PurlTests
{
    private static readonly Digest ImageDigest = Digest.Parse("sha256:" + new string('a', 64));

    private static IEnumerable<object[]> Cases =>
    [
        [Purl.Deb("debian", "libc6", "2.36-9+deb12u4", "amd64", "debian-12"), "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"],
        [Purl.Deb("Debian", "zlib1g", "1:1.2.13.dfsg-1", "amd64", "debian-12"), "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12"],
        [Purl.Apk("alpine", "musl", "1.2.5-r0", "x86_64", "alpine-3.20.3"), "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3"],
        [Purl.NuGet("Newtonsoft.Json", "13.0.3"), "pkg:nuget/Newtonsoft.Json@13.0.3"],
        [Purl.Oci("localhost:5000/team/App", ImageDigest), $"pkg:oci/app@sha256%3A{ImageDigest.Hex}?repository_url=localhost%3A5000%2Fteam%2FApp"],
        [Purl.Oci("registry.example/team/app", ImageDigest, "1.0", "amd64"), $"pkg:oci/app@sha256%3A{ImageDigest.Hex}?arch=amd64&repository_url=registry.example%2Fteam%2Fapp&tag=1.0"],
        [Purl.Create("Generic", "a b/ c", "naïve name", "1.0 beta", [new("Z", "last"), new("a", "x&y=z"), new("empty", "")], "/sub/./dir/../file"), "pkg:generic/a%20b/%20c/na%C3%AFve%20name@1.0%20beta?a=x%26y%3Dz&z=last#sub/dir/file"],
        [Purl.Deb("debian", "libstdc++6", "12.2.0-14+deb12u1", null, null), "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1"],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Builds_the_canonical_string(Purl purl, string expected) => Assert.AreEqual(expected, purl.ToString());

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Parsing_the_canonical_string_gives_the_same_purl(Purl purl, string text)
    {
        var parsed = Purl.TryParse(text);
        Assert.AreEqual(purl, parsed);
        Assert.AreEqual(text, parsed!.ToString());
    }

    [TestMethod]
    public void Parses_purls_as_other_tools_write_them()
    {
        // syft leaves '+' and ':' unencoded and names the source package in 'upstream'.
        var syft = Purl.TryParse("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12");
        Assert.IsNotNull(syft);
        Assert.AreEqual("deb", syft.Type);
        Assert.AreEqual("debian", syft.Namespace);
        Assert.AreEqual("libssl3", syft.Name);
        Assert.AreEqual("3.0.15-1~deb12u1", syft.Version);
        Assert.AreEqual("openssl", syft.Qualifier("upstream"));
        Assert.IsNull(syft.Qualifier("epoch"));

        var nuget = Purl.TryParse("pkg:nuget/Newtonsoft.Json@13.0.3");
        Assert.AreEqual(Purl.NuGet("Newtonsoft.Json", "13.0.3"), nuget);

        var scoped = Purl.TryParse("pkg:npm/%40angular/core@17.0.0#src/index.js");
        Assert.AreEqual("@angular", scoped!.Namespace);
        Assert.AreEqual("core", scoped.Name);
        Assert.AreEqual("src/index.js", scoped.Subpath);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("deb/debian/libc6@1")]
    [DataRow("pkg:nuget")]
    [DataRow("pkg:1nuget/x@1")]
    [DataRow("pkg:deb/debian/x@1?arch")]
    public void Text_that_is_not_a_purl_parses_to_null(string? text) => Assert.IsNull(Purl.TryParse(text));

    [TestMethod]
    public void Qualifiers_are_sorted_by_key_and_purls_compare_by_their_canonical_form()
    {
        var one = Purl.Create("deb", "debian", "a", "1", [new("distro", "debian-12"), new("arch", "amd64")]);
        var two = Purl.Create("DEB", "debian", "A", "1", [new("ARCH", "amd64"), new("distro", "debian-12")]);
        Assert.AreEqual(one, two);
        Assert.AreEqual(one.GetHashCode(), two.GetHashCode());
        CollectionAssert.AreEqual(new[] { "arch", "distro" }, one.Qualifiers.Select(q => q.Key).ToArray());
    }

    [TestMethod]
    public void NuGet_names_keep_their_case()
    {
        Assert.AreEqual("Newtonsoft.Json", Purl.NuGet("Newtonsoft.Json", "13.0.3").Name);
        Assert.AreNotEqual(Purl.NuGet("Newtonsoft.Json", "13.0.3"), Purl.NuGet("newtonsoft.json", "13.0.3"));
    }

    [TestMethod]
    [DataRow("1abc", "a")]
    [DataRow("a b", "a")]
    [DataRow("deb", "")]
    public void Invalid_components_are_a_coded_error(string type, string name) =>
        Assert.AreEqual("SCSEC3012", Assert.ThrowsExactly<ScException>(() => Purl.Create(type, null, name)).Code);

    [TestMethod]
    public void An_invalid_or_repeated_qualifier_key_is_a_coded_error()
    {
        Assert.AreEqual("SCSEC3012", Assert.ThrowsExactly<ScException>(() => Purl.Create("deb", null, "a", null, [new("1x", "y")])).Code);
        Assert.AreEqual("SCSEC3012", Assert.ThrowsExactly<ScException>(() => Purl.Create("deb", null, "a", null, [new("arch", "x"), new("ARCH", "y")])).Code);
    }

    [TestMethod]
    public async Task Packageurl_js_reads_back_every_component_of_our_purls()
    {
        var purls = Cases.Select(c => (Purl)c[0]).ToList();
        var result = await NodeValidators.ParsePurlsAsync(purls.Select(p => p.ToString()));
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);

        var parsed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.AreEqual(purls.Count, parsed.Count);
        for (var i = 0; i < purls.Count; i++)
        {
            var purl = purls[i];
            var js = parsed[i];
            Assert.AreEqual(purl.Type, js.GetProperty("type").GetString(), purl.ToString());
            Assert.AreEqual(purl.Namespace, js.GetProperty("namespace").GetString(), purl.ToString());
            Assert.AreEqual(purl.Name, js.GetProperty("name").GetString(), purl.ToString());
            Assert.AreEqual(purl.Version, js.GetProperty("version").GetString(), purl.ToString());
            Assert.AreEqual(purl.Subpath, js.GetProperty("subpath").GetString(), purl.ToString());
            var qualifiers = js.GetProperty("qualifiers");
            var jsQualifiers = qualifiers.ValueKind == JsonValueKind.Object ? qualifiers.EnumerateObject().Select(q => $"{q.Name}={q.Value.GetString()}").Order(StringComparer.Ordinal).ToArray() : [];
            CollectionAssert.AreEqual(purl.Qualifiers.Select(q => $"{q.Key}={q.Value}").ToArray(), jsQualifiers, purl.ToString());
        }
    }
}
