using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Pipeline.PrePush;
using SimpleContainer.Security.Sbom;
using SimpleContainer.Security.Sbom.Catalogers.DotNet;
using SimpleContainer.Security.Tests.Sbom;
using static SimpleContainer.Security.Tests.Sbom.SbomTestImages;

namespace SimpleContainer.Security.Tests.Pipeline;

/// <summary>The pieces of the gate before the push: the platform of a runtime identifier, the app layer, the recorded package sets and their comparison, the setting.</summary>
[TestClass]
public sealed class PrePushTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("linux-x64", "linux/amd64")]
    [DataRow("linux-musl-x64", "linux/amd64")]
    [DataRow("linux-arm64", "linux/arm64")]
    [DataRow("linux-musl-arm64", "linux/arm64")]
    [DataRow("linux-arm", "linux/arm/v7")]
    [DataRow("linux-s390x", "linux/s390x")]
    [DataRow("win-x64", "windows/amd64")]
    public void A_runtime_identifier_names_the_platform_the_sdk_picks_from_the_base_image(string rid, string platform) =>
        Assert.AreEqual(platform, RuntimeIdentifierPlatform.Parse(rid).ToString());

    [TestMethod]
    [DataRow("freebsd-x64")]
    [DataRow("linux-sparc")]
    [DataRow("x64")]
    public void A_runtime_identifier_of_no_known_platform_is_a_coded_error(string rid)
    {
        var error = Assert.ThrowsExactly<ScException>(() => RuntimeIdentifierPlatform.Parse(rid));
        Assert.AreEqual("SCSEC4113", error.Diagnostic.Code);
        StringAssert.Contains(error.Diagnostic.Text, $"'{rid}'");
    }

    [TestMethod]
    public void An_index_entry_matches_by_os_and_architecture_and_by_variant_only_when_both_name_one()
    {
        var arm64 = RuntimeIdentifierPlatform.Parse("linux-arm64");
        Assert.IsTrue(RuntimeIdentifierPlatform.Matches(new Platform { Os = "linux", Architecture = "arm64", Variant = "v8" }, arm64));
        Assert.IsFalse(RuntimeIdentifierPlatform.Matches(new Platform { Os = "linux", Architecture = "amd64" }, arm64));
        Assert.IsFalse(RuntimeIdentifierPlatform.Matches(new Platform { Os = "linux", Architecture = "arm", Variant = "v6" }, RuntimeIdentifierPlatform.Parse("linux-arm")));
        Assert.IsFalse(RuntimeIdentifierPlatform.Matches(null, arm64));
    }

    [TestMethod]
    public async Task The_app_layer_puts_the_publish_folders_deps_json_under_the_working_directory_where_the_cataloguer_finds_its_packages()
    {
        var publish = Directory.CreateTempSubdirectory("sc-prepush-publish-").FullName;
        await File.WriteAllTextAsync(Path.Combine(publish, "PackagesApp.deps.json"), DotNetTestData.Read("PackagesApp.deps.json"), TestContext.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(publish, "PackagesApp.dll"), "not catalogued", TestContext.CancellationToken);
        var patterns = SbomGenerator.DefaultCatalogers().SelectMany(c => c.Patterns).ToList();

        var layer = await PublishDirectoryLayer.CreateAsync(publish, null, patterns, TestContext.CancellationToken);
        var sbom = await new SbomGenerator().GenerateAsync(Subject, [.. Debian(), layer!], TestContext.CancellationToken);

        Assert.AreEqual(MediaTypes.OciLayerTar, layer!.Descriptor.MediaType);
        var nuget = sbom.Document.Components.Where(c => c.Purl?.Type == "nuget" && c.Type == Security.Sbom.Model.ComponentType.Library).Select(c => $"{c.Name}@{c.Version}").ToList();
        CollectionAssert.IsSubsetOf(DotNetTestData.Packages, nuget);
        Assert.IsTrue(sbom.Document.Components.Any(c => c.Name == "libssl3"), "the base image's packages are there too");
        Assert.IsTrue(sbom.Document.Components.Where(c => c.Name == "Newtonsoft.Json").SelectMany(c => c.Properties).Any(p => p.Name == Security.Sbom.Model.SbomProperty.LocationPath && p.Value == "/app/PackagesApp.deps.json"), "found where the SDK puts the app");
    }

    [TestMethod]
    public async Task The_app_layer_follows_ContainerWorkingDirectory_and_is_null_when_nothing_is_catalogued()
    {
        var publish = Directory.CreateTempSubdirectory("sc-prepush-publish-").FullName;
        var patterns = SbomGenerator.DefaultCatalogers().SelectMany(c => c.Patterns).ToList();
        await File.WriteAllTextAsync(Path.Combine(publish, "App.dll"), "x", TestContext.CancellationToken);
        Assert.IsNull(await PublishDirectoryLayer.CreateAsync(publish, "/srv/", patterns, TestContext.CancellationToken));
        Assert.IsNull(await PublishDirectoryLayer.CreateAsync(Path.Combine(publish, "missing"), null, patterns, TestContext.CancellationToken));

        await File.WriteAllTextAsync(Path.Combine(publish, "PackagesApp.deps.json"), DotNetTestData.Read("PackagesApp.deps.json"), TestContext.CancellationToken);
        var layer = await PublishDirectoryLayer.CreateAsync(publish, "/srv/service/", patterns, TestContext.CancellationToken);
        var sbom = await new SbomGenerator().GenerateAsync(Subject, [layer!], TestContext.CancellationToken);
        Assert.IsTrue(sbom.Document.Components.SelectMany(c => c.Properties).Any(p => p.Name == Security.Sbom.Model.SbomProperty.LocationPath && p.Value == "/srv/service/PackagesApp.deps.json"));
    }

    [TestMethod]
    public void The_same_packages_before_and_after_the_push_are_a_message_and_a_difference_is_a_warning_naming_each_side()
    {
        var judged = Set("linux/amd64", "pkg:nuget/A@1.0.0", "pkg:nuget/B@2.0.0");

        var agree = PrePushComparison.Compare("reg/app:1", [judged], [(null, ["pkg:nuget/A@1.0.0", "pkg:nuget/B@2.0.0"])]).Single();
        var differ = PrePushComparison.Compare("reg/app:1", [judged], [(null, ["pkg:nuget/A@1.0.0", "pkg:nuget/C@3.0.0"])]).Single();

        Assert.AreEqual("SCSEC4115", agree.Code);
        Assert.AreEqual(DiagnosticSeverity.Message, agree.Severity);
        StringAssert.Contains(agree.Text, "the same 2 packages");
        Assert.AreEqual("SCSEC4114", differ.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, differ.Severity);
        StringAssert.Contains(differ.Text, "only in the image pushed: pkg:nuget/C@3.0.0; only judged before the push: pkg:nuget/B@2.0.0");
    }

    [TestMethod]
    public void Each_platform_is_compared_with_the_platform_image_pushed_and_a_platform_not_pushed_is_a_warning()
    {
        var amd64 = Set("linux/amd64", "pkg:deb/debian/libssl3@1?arch=amd64");
        var arm64 = Set("linux/arm64/v8", "pkg:deb/debian/libssl3@1?arch=arm64");
        var riscv = Set("linux/riscv64", "pkg:deb/debian/libssl3@1?arch=riscv64");

        var results = PrePushComparison.Compare("reg/app:1", [amd64, arm64, riscv], [("linux/arm64", ["pkg:deb/debian/libssl3@1?arch=arm64"]), ("linux/amd64", ["pkg:deb/debian/libssl3@1?arch=amd64"])]);

        CollectionAssert.AreEqual(new[] { "SCSEC4115", "SCSEC4115", "SCSEC4114" }, results.Select(r => r.Code).ToArray());
        StringAssert.Contains(results[2].Text, "(the platform is not in the image pushed)");
    }

    [TestMethod]
    public async Task A_record_is_found_beside_the_intermediate_output_and_in_each_inner_build_and_one_older_than_the_build_is_not()
    {
        var obj = Directory.CreateTempSubdirectory("sc-prepush-obj-").FullName;
        var started = new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);
        await (Set("linux/amd64", "a") with { Created = started.AddSeconds(5) }).WriteAsync(obj, TestContext.CancellationToken);
        await (Set("linux/arm64", "b") with { Created = started.AddSeconds(6) }).WriteAsync(Path.Combine(obj, "linux-arm64"), TestContext.CancellationToken);
        await (Set("linux/arm/v7", "c") with { Created = started.AddMinutes(-10) }).WriteAsync(Path.Combine(obj, "linux-arm"), TestContext.CancellationToken);
        Directory.CreateDirectory(Path.Combine(obj, "linux-x64", PrePushPackageSet.FolderName));
        await File.WriteAllTextAsync(Path.Combine(obj, "linux-x64", PrePushPackageSet.FolderName, PrePushPackageSet.FileName), "{ not json", TestContext.CancellationToken);

        var found = await PrePushPackageSet.FindAsync(obj, started, TestContext.CancellationToken);

        CollectionAssert.AreEquivalent(new[] { "linux/amd64", "linux/arm64" }, found.Select(f => f.Platform).ToArray(), "an earlier build's record and an unreadable one are never compared");
        CollectionAssert.AreEqual(new[] { "a" }, found.Single(f => f.Platform == "linux/amd64").Packages.ToArray());
        PrePushPackageSet.Clear(obj);
        Assert.IsFalse(File.Exists(PrePushPackageSet.PathIn(obj)));
    }

    [TestMethod]
    [DataRow(null, null, false, DisplayName = "no failOn: off")]
    [DataRow("high", null, true, DisplayName = "failOn set: on")]
    [DataRow("none", null, false, DisplayName = "failOn none: off")]
    [DataRow("high", "false", false, DisplayName = "switched off")]
    [DataRow(null, "true", true, DisplayName = "switched on without failOn")]
    public void ScScanBeforePush_is_on_by_default_when_failOn_is_set(string? failOn, string? beforePush, bool expected)
    {
        var settings = new List<RawSetting>();
        if (failOn is not null)
        {
            settings.Add(new RawSetting(SecuritySettings.ScanFailOn, failOn, SettingSource.Property("ScScanFailOn")));
        }

        if (beforePush is not null)
        {
            settings.Add(new RawSetting(SecuritySettings.ScanBeforePush, beforePush, SettingSource.Property("ScScanBeforePush")));
        }

        var (options, errors) = SecurityOptions.Resolve(settings, new SecurityOptionsContext { ProjectDirectory = "/src/app", GetVariable = _ => null });

        Assert.IsEmpty(errors);
        Assert.AreEqual(expected, options!.Scan.BeforePush);
    }

    [TestMethod]
    public void ScScanBeforePush_is_the_yaml_key_scan_beforePush_and_accepts_only_true_or_false()
    {
        Assert.AreSame(SecuritySettings.ScanBeforePush, SecuritySettings.ByProperty("ScScanBeforePush"));
        Assert.AreEqual("scan.beforePush", SecuritySettings.ScanBeforePush.Key);
        var (options, errors) = SecurityOptions.Resolve([new RawSetting(SecuritySettings.ScanBeforePush, "yes", SettingSource.Property("ScScanBeforePush"))], new SecurityOptionsContext { ProjectDirectory = "/src/app", GetVariable = _ => null });
        Assert.IsNull(options);
        Assert.AreEqual("SCSEC1100", errors.Single().Code);
    }

    private static PrePushPackageSet Set(string platform, params string[] packages) => new()
    {
        Subject = "reg/app:1",
        Platform = platform,
        BaseImage = "reg/base@sha256:00",
        Created = DateTimeOffset.UnixEpoch,
        Packages = packages,
    };
}
