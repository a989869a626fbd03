using System.Text;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Tests.Scanning.Policy;

[TestClass]
public sealed class OpenVexTests
{
    private const string ImageDigest = "sha256:2a5e4f1fae0bb6a3b8e0b4e1ffb0e9b6c6bd9f0e1b4f1c08c2bd2e6e8f8b9a01";

    // The shape of the OpenVEX v0.2.0 example in openvex/spec OPENVEX-SPEC.md ("Example"), with our image and packages.
    private static readonly string Document = $$"""
        {
          "@context": "https://openvex.dev/ns/v0.2.0",
          "@id": "https://example.com/vex/app-2026-11",
          "author": "Security team <security@example.com>",
          "timestamp": "2026-11-01T10:00:00Z",
          "version": 1,
          "statements": [
            {
              "vulnerability": { "name": "CVE-2024-0001", "aliases": ["DSA-5800-1"] },
              "products": [
                { "@id": "pkg:oci/app@{{ImageDigest.Replace(":", "%3A", StringComparison.Ordinal)}}?repository_url=registry.example/team/app",
                  "subcomponents": [ { "@id": "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12" } ] }
              ],
              "status": "not_affected",
              "justification": "vulnerable_code_not_in_execute_path"
            },
            {
              "vulnerability": { "name": "GHSA-5crp-9r3c-p9vr" },
              "products": [ { "@id": "pkg:nuget/Newtonsoft.Json" } ],
              "status": "affected",
              "action_statement": "upgrade"
            },
            {
              "vulnerability": { "name": "CVE-2024-0003" },
              "products": [ { "@id": "registry.example/team/app@{{ImageDigest}}" } ],
              "status": "fixed",
              "timestamp": "2026-11-02T10:00:00Z"
            }
          ]
        }
        """;

    [TestMethod]
    public void Reads_statements_with_aliases_products_subcomponents_and_status()
    {
        var statements = OpenVexReader.Parse(Encoding.UTF8.GetBytes(Document), "app.vex.json");

        Assert.HasCount(3, statements);
        CollectionAssert.AreEqual(new[] { "CVE-2024-0001", "DSA-5800-1" }, statements[0].VulnerabilityIds.ToArray());
        Assert.AreEqual(VexStatus.NotAffected, statements[0].Status);
        Assert.AreEqual("vulnerable_code_not_in_execute_path", statements[0].Justification);
        Assert.HasCount(1, statements[0].Products.Single().Subcomponents);
        Assert.AreEqual(VexStatus.Affected, statements[1].Status);
        Assert.AreEqual(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), statements[1].Timestamp, "a statement without a timestamp takes the document's");
        Assert.AreEqual(VexStatus.Fixed, statements[2].Status);
    }

    [TestMethod]
    public void A_statement_covers_the_package_it_names_inside_the_image_it_names()
    {
        var statements = OpenVexReader.Parse(Encoding.UTF8.GetBytes(Document), "app.vex.json");
        var libssl = PolicyTestFindings.Deb("DSA-5800-1", "libssl3", "3.0.15-1~deb12u1", Severity.High);
        var otherPackage = PolicyTestFindings.Deb("CVE-2024-0001", "libcrypto3", "3.0.15-1~deb12u1", Severity.High);
        var json = PolicyTestFindings.NuGet("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "12.0.1", Severity.High);
        var anyPackage = PolicyTestFindings.Deb("CVE-2024-0003", "zlib1g", "1:1.2.13.dfsg-1", Severity.Low);
        string[] digests = [ImageDigest];

        Assert.IsTrue(statements[0].Covers(libssl, digests), "an alias names the vulnerability; the subcomponent the package");
        Assert.IsFalse(statements[0].Covers(otherPackage, digests), "a subcomponent narrows the statement to its package");
        Assert.IsTrue(statements[1].Covers(json, digests), "a product purl without version covers every version");
        Assert.IsTrue(statements[2].Covers(anyPackage, digests), "the image named by digest, with no subcomponents, covers all its packages");
        Assert.IsFalse(statements[2].Covers(anyPackage, ["sha256:" + new string('0', 64)]), "another image is not covered");
    }

    [TestMethod]
    public void A_subcomponent_is_covered_only_inside_the_product_that_names_it()
    {
        var statements = OpenVexReader.Parse(Encoding.UTF8.GetBytes(Document), "app.vex.json");
        var libssl = PolicyTestFindings.Deb("CVE-2024-0001", "libssl3", "3.0.15-1~deb12u1", Severity.High);
        string[] anotherImage = ["sha256:" + new string('1', 64)];

        Assert.IsFalse(statements[0].Covers(libssl, anotherImage), "image X / libssl3 not_affected must not suppress libssl3 in another image");
        Assert.IsTrue(statements[0].Covers(libssl, [ImageDigest]));
    }

    [TestMethod]
    public void A_subcomponent_of_one_product_is_not_covered_through_another_product_of_the_same_statement()
    {
        var document = $$"""
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "statements": [
                {
                  "vulnerability": { "name": "CVE-2024-0001" },
                  "products": [
                    { "@id": "pkg:oci/other@sha256%3A{{new string('2', 64)}}",
                      "subcomponents": [ { "@id": "pkg:deb/debian/libssl3" } ] },
                    { "@id": "pkg:oci/app@{{ImageDigest.Replace(":", "%3A", StringComparison.Ordinal)}}",
                      "subcomponents": [ { "@id": "pkg:deb/debian/zlib1g" } ] }
                  ],
                  "status": "not_affected",
                  "justification": "component_not_present"
                }
              ]
            }
            """;
        var statement = OpenVexReader.Parse(Encoding.UTF8.GetBytes(document), "two.vex.json").Single();

        Assert.IsFalse(statement.Covers(PolicyTestFindings.Deb("CVE-2024-0001", "libssl3", "3.0.15-1~deb12u1", Severity.High), [ImageDigest]));
        Assert.IsTrue(statement.Covers(PolicyTestFindings.Deb("CVE-2024-0001", "zlib1g", "1:1.2.13.dfsg-1", Severity.High), [ImageDigest]));
    }

    [TestMethod]
    [DataRow("""{"statements":[]}""", "@context")]
    [DataRow("""{"@context":"https://openvex.dev/ns/v0.2.0"}""", "no \"statements\" array")]
    [DataRow("""{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"products":[{"@id":"pkg:nuget/x"}],"status":"fixed"}]}""", "statement 1 names no vulnerability")]
    [DataRow("""{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-1"},"status":"fixed"}]}""", "statement 1 names no product")]
    [DataRow("""{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-1"},"products":["pkg:nuget/x"],"status":"maybe"}]}""", "status 'maybe'")]
    [DataRow("""{"@context": """, "")]
    public void Malformed_documents_are_coded_errors(string json, string problem)
    {
        var ex = Assert.ThrowsExactly<ScException>(() => OpenVexReader.Parse(Encoding.UTF8.GetBytes(json), "bad.vex.json"));
        Assert.AreEqual(DiagnosticIds.VexDocumentInvalid, ex.Diagnostic.ResourceKey);
        StringAssert.Contains(ex.Message, problem);
    }
}
