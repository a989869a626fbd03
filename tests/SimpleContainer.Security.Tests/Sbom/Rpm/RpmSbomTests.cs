using System.Text;
using System.Text.Json.Nodes;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.Sbom.Writers;
using SimpleContainer.Security.TestSupport.Fixtures;
using SimpleContainer.Security.TestSupport.Validators;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Sbom.Rpm;

[TestClass]
public sealed class RpmSbomTests
{
    private static readonly string[] FedoraPurls =
    [
        "pkg:rpm/fedora/sc-hello@1.2.3-4.fc40?arch=noarch&distro=fedora-40&upstream=sc-hello-1.2.3-4.fc40.src.rpm",
        "pkg:rpm/fedora/sc-libfoo@9.0.1-1.fc40?arch=x86_64&distro=fedora-40&epoch=2&upstream=sc-libfoo-9.0.1-1.fc40.src.rpm",
        "pkg:rpm/fedora/sc-tools@0.5-2.fc40?arch=x86_64&distro=fedora-40&upstream=sc-tools-0.5-2.fc40.src.rpm",
    ];

    /// <summary>Fedora's layout: the database in /usr/lib/sysimage/rpm and /var/lib/rpm a link to it.</summary>
    private static IReadOnlyList<ImageLayer> Fedora() => Layers(new LayerBuilder()
        .File("etc/os-release", RpmTestData.OsReleaseFedora40)
        .Directory("usr/lib/sysimage/rpm")
        .File("usr/lib/sysimage/rpm/rpmdb.sqlite", RpmTestData.Database)
        .Directory("var/lib")
        .Symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm")
        .Build());

    private static IReadOnlyList<ImageLayer> AzureLinuxDistroless() => Layers(new LayerBuilder()
        .File("etc/os-release", "NAME=\"Microsoft Azure Linux\"\nVERSION=\"3.0.20250101\"\nID=azurelinux\nVERSION_ID=\"3.0\"\n")
        .Directory("var/lib/rpmmanifest")
        .File("var/lib/rpmmanifest/container-manifest-2", RpmTestData.Manifest)
        .Build());

    [TestMethod]
    public async Task A_fedora_image_lists_exactly_the_packages_of_its_rpmdb()
    {
        var result = await Generator().GenerateAsync(Subject, Fedora());

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var packages = result.Document.Components.Where(c => c.Type != ComponentType.OperatingSystem).ToList();
        CollectionAssert.AreEqual(FedoraPurls, packages.Select(c => c.Purl!.ToString()).ToArray());
        Assert.IsTrue(packages.All(c => c.Properties.Any(p => p.Name == SbomProperty.Cataloger && p.Value == "rpm-db-cataloger")));
        Assert.IsTrue(packages.All(c => c.Properties.Single(p => p.Name == SbomProperty.LocationPath).Value == "/usr/lib/sysimage/rpm/rpmdb.sqlite"));
        var libfoo = packages.Single(c => c.Name == "sc-libfoo");
        Assert.AreEqual("2:9.0.1-1.fc40", libfoo.Version);
        Assert.AreEqual(new SbomLicense(LicenseKind.Expression, "GPL-2.0-or-later AND LGPL-2.1-or-later"), libfoo.Licenses.Single());
        Assert.AreEqual("fedora", result.Document.Components.Single(c => c.Type == ComponentType.OperatingSystem).Name);
    }

    [TestMethod]
    public async Task The_fedora_sbom_passes_the_cyclonedx_1_6_and_1_5_schemas()
    {
        var document = (await Generator().GenerateAsync(Subject, Fedora())).Document;

        foreach (var writer in new[] { new CycloneDxJsonWriter(), new CycloneDxJsonWriter(CycloneDxVersion.V1_5) })
        {
            var bytes = writer.ToBytes(document);
            AssertValid(await NodeValidators.ValidateCycloneDxAsync(NodeValidators.WriteTemp(bytes, ".cdx.json")));
            var purls = JsonNode.Parse(bytes)!["components"]!.AsArray().Select(c => (string?)c!["purl"]).OfType<string>().ToArray();
            CollectionAssert.AreEqual(FedoraPurls, purls);
        }
    }

    [TestMethod]
    public async Task The_fedora_sbom_passes_the_spdx_2_3_schema_and_semantic_checks()
    {
        var bytes = new SpdxJsonWriter().ToBytes((await Generator().GenerateAsync(Subject, Fedora())).Document);

        AssertValid(await NodeValidators.ValidateSpdxAsync(NodeValidators.WriteTemp(bytes, ".spdx.json")));
        var locators = JsonNode.Parse(bytes)!["packages"]!.AsArray()
            .SelectMany(p => p!["externalRefs"]?.AsArray() ?? [])
            .Select(r => (string?)r!["referenceLocator"])
            .Where(l => l!.StartsWith("pkg:rpm/", StringComparison.Ordinal))
            .ToArray();
        CollectionAssert.AreEquivalent(FedoraPurls, locators);
    }

    [TestMethod]
    public async Task An_azure_linux_distroless_image_lists_the_packages_of_its_manifest_and_validates()
    {
        var result = await Generator().GenerateAsync(Subject, AzureLinuxDistroless());

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var packages = result.Document.Components.Where(c => c.Type != ComponentType.OperatingSystem).ToList();
        CollectionAssert.AreEqual(
            FedoraPurls.Select(p => p.Replace("pkg:rpm/fedora/", "pkg:rpm/azurelinux/", StringComparison.Ordinal).Replace("distro=fedora-40", "distro=azurelinux-3.0", StringComparison.Ordinal)).ToArray(),
            packages.Select(c => c.Purl!.ToString()).ToArray());
        AssertValid(await NodeValidators.ValidateCycloneDxAsync(NodeValidators.WriteTemp(new CycloneDxJsonWriter().ToBytes(result.Document), ".cdx.json")));
        AssertValid(await NodeValidators.ValidateSpdxAsync(NodeValidators.WriteTemp(new SpdxJsonWriter().ToBytes(result.Document), ".spdx.json")));
    }

    [TestMethod]
    public async Task A_damaged_rpmdb_in_an_image_is_a_diagnostic_of_the_sbom_not_a_failure()
    {
        var layers = Layers(new LayerBuilder()
            .File("etc/os-release", RpmTestData.OsReleaseFedora40)
            .Directory("var/lib/rpm")
            .File("var/lib/rpm/rpmdb.sqlite", Encoding.UTF8.GetBytes("SQLite format 3\0 but not really"))
            .Build());

        var result = await Generator().GenerateAsync(Subject, layers);

        Assert.AreEqual("SCSEC3081", result.Diagnostics.Single().Code);
        Assert.AreEqual(1, result.Document.Components.Count, "only the operating system");
    }

    private static void AssertValid(SimpleContainer.Security.Tools.ProcessResult result)
    {
        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.StartsWith(result.StandardOutput, "VALID ");
    }
}
