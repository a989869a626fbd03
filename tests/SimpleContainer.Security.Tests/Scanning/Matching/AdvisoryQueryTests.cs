using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Matching;

namespace SimpleContainer.Security.Tests.Scanning.Matching;

[TestClass]
public sealed class AdvisoryQueryTests
{
    [TestMethod]
    [DataRow("1.2-3+b1", "1.2-3")]
    [DataRow("1.2-3+b12", "1.2-3")]
    [DataRow("2.36-9+deb12u4", "2.36-9+deb12u4")]
    [DataRow("1.2+bzr1-1", "1.2+bzr1-1")]
    [DataRow("1.2-3+b", "1.2-3+b")]
    public void A_binNMU_suffix_is_dropped_to_get_the_source_version(string binary, string source) =>
        Assert.AreEqual(source, AdvisoryQueries.SourceVersionOf(binary));

    [TestMethod]
    [DataRow("ubuntu-24.04", "Ubuntu:24.04", true)]
    [DataRow("ubuntu-24.04", "Ubuntu:24.04:LTS", true)]
    [DataRow("ubuntu-24.04", "Ubuntu:Pro:24.04:LTS", true)]
    [DataRow("ubuntu-noble", "Ubuntu:24.04:LTS", true)]
    [DataRow("ubuntu-24.04", "Ubuntu:22.04:LTS", false)]
    [DataRow("debian-12", "Debian:12", true)]
    [DataRow("debian-12", "Debian:11", false)]
    [DataRow("debian-12", "Ubuntu:12", false)]
    public void Deb_releases_accept_only_their_own_ecosystems(string distro, string ecosystem, bool accepted)
    {
        var query = AdvisoryQueries.For(new ScanPackage { Ecosystem = PackageEcosystem.Deb, Name = "openssl", Version = "1", Distro = distro }, null);
        Assert.IsNotNull(query);
        Assert.AreEqual(accepted, query.AcceptsEcosystem(ecosystem));
    }

    [TestMethod]
    public void Rpm_queries_look_up_the_binary_and_the_source_rpm_and_carry_the_epoch()
    {
        var query = AdvisoryQueries.For(
            new ScanPackage { Ecosystem = PackageEcosystem.Rpm, Name = "openssl-libs", Version = "3.0.7-24.el9", Epoch = 1, SourceName = "openssl-3.0.7-24.el9.src.rpm" },
            new ScanDistro("rocky", "9.3"));
        Assert.IsNotNull(query);
        CollectionAssert.AreEqual(new[] { "openssl-libs", "openssl" }, query.Keys.Select(k => k.Name).ToArray());
        Assert.AreEqual("Rocky Linux", query.Keys[0].EcosystemFamily);
        Assert.AreEqual("1:3.0.7-24.el9", query.Version);
        Assert.IsTrue(query.AcceptsEcosystem("Rocky Linux:9"));
        Assert.IsFalse(query.AcceptsEcosystem("Rocky Linux:8"));
    }

    [TestMethod]
    public void Releases_the_matcher_does_not_know_give_no_query()
    {
        Assert.IsNull(AdvisoryQueries.For(new ScanPackage { Ecosystem = PackageEcosystem.Apk, Name = "musl", Version = "1.2.5-r0", Distro = "wolfi-20230201" }, null));
        Assert.IsNull(AdvisoryQueries.For(new ScanPackage { Ecosystem = PackageEcosystem.Rpm, Name = "bash", Version = "5.2-1", Distro = "fedora-40" }, null));
    }

    [TestMethod]
    [DataRow("GHSA-5crp-9r3c-p9vr", "https://github.com/advisories/GHSA-5crp-9r3c-p9vr")]
    [DataRow("CVE-2021-44228", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228")]
    [DataRow("DSA-5532-1", "https://security-tracker.debian.org/tracker/DSA-5532-1")]
    [DataRow("DLA-3600-1", "https://security-tracker.debian.org/tracker/DLA-3600-1")]
    [DataRow("ALSA-2024:0310", null)]
    public void Well_known_ids_have_a_page(string id, string? url) => Assert.AreEqual(url, AdvisoryUrls.ForId(id));
}
