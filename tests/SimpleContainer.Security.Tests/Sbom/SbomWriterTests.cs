using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.Sbom.Writers;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed class SbomWriterTests
{
    public static IEnumerable<object[]> Images => [["debian"], ["alpine"], ["status.d"], ["whiteouts"], ["dotnet"]];

    [TestMethod]
    [DynamicData(nameof(Images))]
    public async Task CycloneDx_1_6_documents_pass_the_official_schema(string image)
    {
        var bytes = new CycloneDxJsonWriter().ToBytes(await DocumentAsync(image));
        await AssertValidAsync(await NodeValidators.ValidateCycloneDxAsync(NodeValidators.WriteTemp(bytes, ".cdx.json")), "CycloneDX 1.6");
    }

    [TestMethod]
    [DynamicData(nameof(Images))]
    public async Task CycloneDx_1_5_documents_pass_the_official_schema(string image)
    {
        var bytes = new CycloneDxJsonWriter(CycloneDxVersion.V1_5).ToBytes(await DocumentAsync(image));
        await AssertValidAsync(await NodeValidators.ValidateCycloneDxAsync(NodeValidators.WriteTemp(bytes, ".cdx.json")), "CycloneDX 1.5");
    }

    [TestMethod]
    [DynamicData(nameof(Images))]
    public async Task Spdx_2_3_documents_pass_the_schema_and_the_semantic_checks(string image)
    {
        var bytes = new SpdxJsonWriter().ToBytes(await DocumentAsync(image));
        await AssertValidAsync(await NodeValidators.ValidateSpdxAsync(NodeValidators.WriteTemp(bytes, ".spdx.json")), "SPDX 2.3");
    }

    [TestMethod]
    public async Task The_validators_reject_broken_documents()
    {
        var document = await DocumentAsync("alpine");
        var cyclone = JsonNode.Parse(new CycloneDxJsonWriter().ToBytes(document))!;
        cyclone["components"]![0]!["type"] = "bogus";
        cyclone["dependencies"]![0]!["dependsOn"]!.AsArray().Add("no-such-ref");
        var cycloneResult = await NodeValidators.ValidateCycloneDxAsync(NodeValidators.WriteTemp(Encoding.UTF8.GetBytes(cyclone.ToJsonString()), ".cdx.json"));
        Assert.AreEqual(1, cycloneResult.ExitCode, cycloneResult.StandardOutput);
        StringAssert.StartsWith(cycloneResult.StandardOutput, "INVALID ");
        StringAssert.Contains(cycloneResult.StandardOutput, "/components/0/type");
        StringAssert.Contains(cycloneResult.StandardOutput, "unknown bom-ref no-such-ref");

        var spdx = JsonNode.Parse(new SpdxJsonWriter().ToBytes(document))!;
        spdx["relationships"]!.AsArray().Add(new JsonObject { ["spdxElementId"] = "SPDXRef-DOCUMENT", ["relationshipType"] = "DESCRIBES", ["relatedSpdxElement"] = "SPDXRef-missing" });
        spdx["packages"]![1]!["licenseDeclared"] = "not a license";
        var spdxResult = await NodeValidators.ValidateSpdxAsync(NodeValidators.WriteTemp(Encoding.UTF8.GetBytes(spdx.ToJsonString()), ".spdx.json"));
        Assert.AreEqual(1, spdxResult.ExitCode, spdxResult.StandardOutput);
        StringAssert.StartsWith(spdxResult.StandardOutput, "INVALID ");
        StringAssert.Contains(spdxResult.StandardOutput, "no element SPDXRef-missing");
        StringAssert.Contains(spdxResult.StandardOutput, "is not an SPDX license expression");
    }

    [TestMethod]
    public async Task Output_is_byte_for_byte_the_same_for_the_same_input_except_time_and_id()
    {
        var first = await DocumentAsync("debian");
        var again = await DocumentAsync("debian");
        var later = again with { Created = again.Created.AddHours(5), SerialNumber = Guid.Parse("11111111-2222-4333-8444-555555555555") };
        foreach (ISbomWriter writer in new ISbomWriter[] { new CycloneDxJsonWriter(), new CycloneDxJsonWriter(CycloneDxVersion.V1_5), new SpdxJsonWriter() })
        {
            var bytes = writer.ToBytes(first);
            CollectionAssert.AreEqual(bytes, writer.ToBytes(again), writer.GetType().Name);

            var changed = Encoding.UTF8.GetString(writer.ToBytes(later)).Split('\n');
            var original = Encoding.UTF8.GetString(bytes).Split('\n');
            Assert.AreEqual(original.Length, changed.Length);
            var differing = original.Zip(changed).Where(p => p.First != p.Second).Select(p => p.First.Trim()).ToList();
            Assert.IsTrue(differing.Count is >= 2 and <= 3, string.Join("\n", differing));
            Assert.IsTrue(differing.All(l => l.StartsWith("\"serialNumber\"", StringComparison.Ordinal) || l.StartsWith("\"timestamp\"", StringComparison.Ordinal) || l.StartsWith("\"created\"", StringComparison.Ordinal) || l.StartsWith("\"documentNamespace\"", StringComparison.Ordinal)), string.Join("\n", differing));
        }
    }

    [TestMethod]
    public async Task CycloneDx_carries_the_image_tools_licenses_and_locations()
    {
        var document = await DocumentAsync("alpine");
        var json = JsonNode.Parse(new CycloneDxJsonWriter().ToBytes(document))!;

        Assert.AreEqual("1.6", (string?)json["specVersion"]);
        Assert.AreEqual($"urn:uuid:{PinnedId}", (string?)json["serialNumber"]);
        Assert.AreEqual("2026-11-22T10:00:00Z", (string?)json["metadata"]!["timestamp"]);
        Assert.AreEqual("SimpleContainer.Security", (string?)json["metadata"]!["tools"]!["components"]![0]!["name"]);
        var image = json["metadata"]!["component"]!;
        Assert.AreEqual("container", (string?)image["type"]);
        Assert.AreEqual(Subject.Digest.ToString(), (string?)image["version"]);
        Assert.AreEqual(Subject.Purl.ToString(), (string?)image["purl"]);
        Assert.AreEqual(Subject.Digest.Hex, (string?)image["hashes"]![0]!["content"]);
        var musl = json["components"]!.AsArray().Single(c => (string?)c!["name"] == "musl")!;
        Assert.AreEqual("MIT", (string?)musl["licenses"]![0]!["license"]!["id"]);
        Assert.AreEqual("Timo Teräs", (string?)musl["supplier"]!["name"]);
        Assert.AreEqual("timo.teras@iki.fi", (string?)musl["supplier"]!["contact"]![0]!["email"]);
        var properties = musl["properties"]!.AsArray().Select(p => $"{p!["name"]}={p["value"]}").ToList();
        CollectionAssert.IsSubsetOf(new[] { "sc:cataloger=apk-db-cataloger", "sc:location:path=/lib/apk/db/installed", $"sc:layer:digest={Alpine()[0].Descriptor.Digest}" }, properties);
        var os = json["components"]!.AsArray().Single(c => (string?)c!["type"] == "operating-system")!;
        Assert.AreEqual("alpine", (string?)os["name"]);
    }

    [TestMethod]
    public async Task Spdx_describes_the_image_which_contains_every_package()
    {
        var document = await DocumentAsync("debian");
        var json = JsonNode.Parse(new SpdxJsonWriter().ToBytes(document))!;

        var packages = json["packages"]!.AsArray();
        Assert.AreEqual(document.Components.Count + 1, packages.Count);
        var imageId = (string?)json["documentDescribes"]![0];
        Assert.AreEqual(imageId, (string?)packages[0]!["SPDXID"]);
        Assert.AreEqual("CONTAINER", (string?)packages[0]!["primaryPackagePurpose"]);
        var relationships = json["relationships"]!.AsArray();
        Assert.AreEqual(1, relationships.Count(r => (string?)r!["relationshipType"] == "DESCRIBES"));
        Assert.AreEqual(document.Components.Count, relationships.Count(r => (string?)r!["relationshipType"] == "CONTAINS" && (string?)r["spdxElementId"] == imageId));
        Assert.IsTrue(relationships.Any(r => (string?)r!["relationshipType"] == "DEPENDS_ON"));
        StringAssert.StartsWith((string?)json["documentNamespace"], $"https://spdx.org/spdxdocs/simplecontainer-security/localhost-5000-team-app-{PinnedId}");
        var libc = packages.Single(p => (string?)p!["name"] == "libc6")!;
        Assert.AreEqual("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", (string?)libc["externalRefs"]![0]!["referenceLocator"]);
        Assert.AreEqual("Person: GNU Libc Maintainers (debian-glibc@lists.debian.org)", (string?)libc["supplier"]);
        Assert.AreEqual("NOASSERTION", (string?)libc["licenseDeclared"]);
    }

    [TestMethod]
    [DataRow("MIT", LicenseKind.SpdxId, "MIT")]
    [DataRow("gpl-2.0-only", LicenseKind.SpdxId, "GPL-2.0-only")]
    [DataRow("MIT AND (BSD-2-Clause or Apache-2.0)", LicenseKind.Expression, "MIT AND (BSD-2-Clause OR Apache-2.0)")]
    [DataRow("GPL-2.0-or-later WITH Classpath-exception-2.0", LicenseKind.Expression, "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    [DataRow("LicenseRef-custom OR MIT", LicenseKind.Expression, "LicenseRef-custom OR MIT")]
    [DataRow("custom", LicenseKind.Name, "custom")]
    [DataRow("MIT BSD", LicenseKind.Name, "MIT BSD")]
    [DataRow("MIT AND", LicenseKind.Name, "MIT AND")]
    public void Declared_licenses_are_classified_for_the_writers(string text, LicenseKind kind, string value) =>
        Assert.AreEqual(new SbomLicense(kind, value), SbomLicense.FromDeclared(text));

    private static async Task<SbomDocument> DocumentAsync(string image)
    {
        if (image == "dotnet")
        {
            // The runtime fixture with a published app, merged with the app's project.assets.json: frameworks, the app, SHA-512 hashes.
            var fromBuild = await Security.Sbom.Catalogers.DotNet.ProjectAssetsSource.ReadAsync(new() { AssetsFile = DotNetTestData.PathOf("PackagesApp.project.assets.json"), RuntimeIdentifier = "linux-x64" }, default);
            var dotnet = Layers(FixtureImages.DebianLayer(), FixtureImages.DotnetRuntimeLayer(), new LayerBuilder().File("app/PackagesApp.deps.json", DotNetTestData.Read("PackagesApp.deps.json")).Build());
            return (await Generator().GenerateAsync(Subject, dotnet, fromBuild.Packages)).Document;
        }

        IReadOnlyList<ImageLayer> layers = image switch
        {
            "debian" => Debian(),
            "alpine" => Alpine(),
            "status.d" => StatusD(),
            _ => Whiteouts(),
        };
        return (await Generator().GenerateAsync(Subject, layers)).Document;
    }

    private static Task AssertValidAsync(SimpleContainer.Security.Tools.ProcessResult result, string what)
    {
        Assert.AreEqual(0, result.ExitCode, $"{what}: {result.StandardOutput}{result.StandardError}");
        StringAssert.StartsWith(result.StandardOutput, "VALID ");
        return Task.CompletedTask;
    }
}
