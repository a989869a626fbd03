using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Backends;

namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>The command lines the syft and trivy backends run, as those tools document them.</summary>
[TestClass]
public sealed class ExternalSbomGeneratorTests
{
    private static readonly SbomFormat CycloneDx = SbomFormats.Parse("cyclonedx-json")[0];
    private static readonly SbomFormat Spdx = SbomFormats.Parse("spdx-json")[0];

    [TestMethod]
    public void Trivy_reads_a_pinned_registry_image_or_an_archive_and_writes_an_sbom_without_scanning()
    {
        var registry = ExternalSbomGenerator.TrivyRequest("trivy", new SbomToolTarget("localhost:5000/app@sha256:abc", null, "linux/arm64", true), CycloneDx, "/tmp/out.json");
        var archive = ExternalSbomGenerator.TrivyRequest("trivy", new SbomToolTarget(null, "/tmp/app.tar", null, false), Spdx, "/tmp/out.json");

        CollectionAssert.AreEqual(new[] { "image", "--format", "cyclonedx", "--output", "/tmp/out.json", "--quiet", "--platform", "linux/arm64", "--insecure", "localhost:5000/app@sha256:abc" }, registry.Arguments.ToArray());
        CollectionAssert.AreEqual(new[] { "image", "--format", "spdx-json", "--output", "/tmp/out.json", "--quiet", "--input", "/tmp/app.tar" }, archive.Arguments.ToArray());
        Assert.AreEqual("SCSEC3057", Assert.ThrowsExactly<ScException>(() => ExternalSbomGenerator.TrivyRequest("trivy", new SbomToolTarget("r", null, null, false), SbomFormats.Parse("cyclonedx-json-1.5")[0], "o")).Code);
    }

    [TestMethod]
    public void Syft_scans_registry_or_oci_archive_sources_with_versioned_formats()
    {
        var registry = ExternalSbomGenerator.SyftRequest("syft", new SbomToolTarget("localhost:5000/app@sha256:abc", null, null, true), CycloneDx, "/tmp/out.json");
        var archive = ExternalSbomGenerator.SyftRequest("syft", new SbomToolTarget(null, "/tmp/app.tar", "linux/amd64", false), Spdx, "/tmp/out.json");

        CollectionAssert.AreEqual(new[] { "scan", "registry:localhost:5000/app@sha256:abc", "-o", "cyclonedx-json@1.6=/tmp/out.json", "-q" }, registry.Arguments.ToArray());
        Assert.AreEqual("true", registry.Environment["SYFT_REGISTRY_INSECURE_USE_HTTP"]);
        CollectionAssert.AreEqual(new[] { "scan", "oci-archive:/tmp/app.tar", "-o", "spdx-json@2.3=/tmp/out.json", "-q", "--platform", "linux/amd64" }, archive.Arguments.ToArray());
        Assert.IsFalse(archive.Environment.ContainsKey("SYFT_REGISTRY_INSECURE_USE_HTTP"));
    }

    [TestMethod]
    public void Unknown_generators_are_a_coded_error()
    {
        Assert.AreEqual(SbomTool.Trivy, SbomTools.Parse("Trivy"));
        Assert.AreEqual(SbomTool.Builtin, SbomTools.Parse(null));
        Assert.AreEqual("SCSEC3053", Assert.ThrowsExactly<ScException>(() => SbomTools.Parse("cdxgen")).Code);
    }
}
