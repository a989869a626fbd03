using System.Text.RegularExpressions;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Filesystem;
using SimpleContainer.Security.Sbom.Model;
using SimpleContainer.Security.TestSupport.Fixtures;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Sbom;

[TestClass]
public sealed partial class SbomGeneratorTests
{
    [TestMethod]
    public async Task The_debian_image_lists_exactly_the_packages_of_its_dpkg_database()
    {
        var result = await Generator().GenerateAsync(Subject, Debian());

        AssertExactly(result.Document, DpkgNames(TestData.DebianDpkgStatus), "dpkg-db-cataloger");
        var os = result.Document.Components.Single(c => c.Type == ComponentType.OperatingSystem);
        Assert.AreEqual("debian", os.Name);
        Assert.AreEqual("12", os.Version);
        Assert.IsTrue(result.Document.Components.Where(c => c.Purl is not null).All(c => c.Purl!.ToString().EndsWith("distro=debian-12", StringComparison.Ordinal)));
        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    public async Task The_alpine_image_lists_exactly_the_packages_of_its_apk_database()
    {
        var result = await Generator().GenerateAsync(Subject, Alpine());

        AssertExactly(result.Document, ApkNames(TestData.AlpineApkInstalled), "apk-db-cataloger");
        Assert.AreEqual("pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3", result.Document.Components.Single(c => c.Name == "musl").Purl!.ToString());
        Assert.AreEqual(new SbomLicense(LicenseKind.SpdxId, "MIT"), result.Document.Components.Single(c => c.Name == "musl").Licenses.Single());
    }

    [TestMethod]
    public async Task The_status_d_image_lists_one_package_per_stanza_file()
    {
        var result = await Generator().GenerateAsync(Subject, StatusD());

        AssertExactly(result.Document, ["base-files", "libc6", "netbase"], "dpkg-db-cataloger");
        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
    }

    [TestMethod]
    public async Task The_whiteout_image_lists_what_the_upper_layers_left()
    {
        var layers = Whiteouts();
        var result = await Generator().GenerateAsync(Subject, layers);

        var expected = DpkgNames(TestData.DebianDpkgStatus).Except(["tzdata", "ca-certificates"]).ToList();
        AssertExactly(result.Document, expected, "dpkg-db-cataloger");
        var libc = result.Document.Components.Single(c => c.Name == "libc6");
        Assert.AreEqual(layers[1].Descriptor.Digest.ToString(), libc.Properties.Single(p => p.Name == SbomProperty.LayerDigest).Value);
    }

    [TestMethod]
    public async Task A_package_found_twice_is_one_component_with_both_locations()
    {
        var libc = "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u14\nArchitecture: amd64\n";
        var layers = Layers(
            new LayerBuilder().File("etc/os-release", FixtureImages.OsReleaseDebian12).File("var/lib/dpkg/status", libc).Build(),
            new LayerBuilder().File("var/lib/dpkg/status.d/libc6", libc).Build());
        var result = await Generator().GenerateAsync(Subject, layers);

        var component = result.Document.Components.Single(c => c.Name == "libc6");
        CollectionAssert.AreEqual(
            new[] { "/var/lib/dpkg/status", "/var/lib/dpkg/status.d/libc6" },
            component.Properties.Where(p => p.Name == SbomProperty.LocationPath).Select(p => p.Value).ToArray());
        Assert.AreEqual(2, component.Properties.Count(p => p.Name == SbomProperty.LayerDigest));
    }

    [TestMethod]
    public async Task Components_are_sorted_and_the_image_depends_on_all_of_them()
    {
        var document = (await Generator().GenerateAsync(Subject, Debian())).Document;

        var purls = document.Components.Select(c => c.Purl?.ToString() ?? string.Empty).ToList();
        CollectionAssert.AreEqual(purls.Order(StringComparer.Ordinal).ToList(), purls);
        var image = document.Dependencies[0];
        Assert.AreEqual(Subject.Purl.ToString(), image.Ref);
        CollectionAssert.AreEquivalent(document.Components.Select(c => c.BomRef).ToArray(), image.DependsOn.ToArray());
        Assert.AreEqual(new SbomDependency("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", ["pkg:deb/debian/libgcc-s1@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12"]).DependsOn.Single(),
            document.Dependencies.Single(d => d.Ref.Contains("/libc6@", StringComparison.Ordinal)).DependsOn.Single());
        Assert.AreEqual(SbomTestImages.PinnedTime, document.Created);
        Assert.AreEqual(SbomTestImages.PinnedId, document.SerialNumber);
    }

    [TestMethod]
    public async Task A_shared_base_layer_is_read_once_for_several_images()
    {
        var cache = new InMemoryLayerCatalogCache();
        var generator = Generator(cache: cache);
        var debian = FixtureImages.DebianLayer().ToImageLayer();
        await generator.GenerateAsync(Subject, [debian]);
        await generator.GenerateAsync(Subject, [debian, FixtureImages.DotnetRuntimeLayer().ToImageLayer()]);

        Assert.AreEqual(2, cache.Count);
    }

    private static void AssertExactly(SbomDocument document, IReadOnlyCollection<string> expectedNames, string cataloger)
    {
        var packages = document.Components.Where(c => c.Type != ComponentType.OperatingSystem).ToList();
        CollectionAssert.AreEquivalent(expectedNames.ToArray(), packages.Select(c => c.Name).ToArray(), "no misses and no extras");
        Assert.AreEqual(packages.Count, packages.Select(c => c.Purl!.ToString()).Distinct().Count(), "no duplicates");
        Assert.AreEqual(document.Components.Count, document.Components.Select(c => c.BomRef).Distinct().Count(), "unique bom-refs");
        Assert.IsTrue(packages.All(c => c.Properties.Any(p => p.Name == SbomProperty.Cataloger && p.Value == cataloger)));
        Assert.IsTrue(packages.All(c => c.Properties.Any(p => p.Name == SbomProperty.LayerDigest) && c.Properties.Any(p => p.Name == SbomProperty.LocationPath)));
        Assert.AreEqual(1, document.Components.Count(c => c.Type == ComponentType.OperatingSystem));
    }

    private static List<string> DpkgNames(string status) => PackageLine().Matches(status).Select(m => m.Groups[1].Value.TrimEnd('\r')).ToList();

    private static List<string> ApkNames(string installed) => ApkNameLine().Matches(installed).Select(m => m.Groups[1].Value.TrimEnd('\r')).ToList();

    [GeneratedRegex("^Package: (.+)$", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex("^P:(.+)$", RegexOptions.Multiline)]
    private static partial Regex ApkNameLine();
}
