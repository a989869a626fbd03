namespace SimpleContainer.Security.TestSupport.Fixtures;

/// <summary>Real package databases and runtime files embedded in the test-support assembly.</summary>
public static class TestData
{
    /// <summary>Eight real Debian 12 dpkg status stanzas (base-files, ca-certificates, libc6, libgcc-s1, libssl3, libstdc++6, tzdata, zlib1g).</summary>
    public static string DebianDpkgStatus => Read("debian12-dpkg-status");

    /// <summary>Five Alpine 3.20 apk installed-database entries (musl, busybox, alpine-baselayout, libcrypto3, zlib).</summary>
    public static string AlpineApkInstalled => Read("alpine320-apk-installed");

    /// <summary>The Microsoft.NETCore.App.deps.json of the .NET 10.0.12 shared framework.</summary>
    public static string NetCoreAppDepsJson => Read("Microsoft.NETCore.App.deps.json");

    public const string NetCoreAppVersion = "10.0.12";

    /// <summary>Real trivy CycloneDX output for a Debian 12 root filesystem (see testdata/README.md).</summary>
    public static string TrivyRootfsDebian12CycloneDx => Read("trivy-rootfs-debian12.cdx.json");

    /// <summary>A NuGet VulnerabilityInfo/6.7.0 page: Newtonsoft.Json (real GHSA), Polly.Core, Serilog, YamlDotNet (see testdata/README.md).</summary>
    public static string NuGetVulnerabilityPage => Read("nuget-vulndb-fixture.json");

    private static string Read(string name)
    {
        using var stream = typeof(TestData).Assembly.GetManifestResourceStream("testdata/" + name)
            ?? throw new InvalidOperationException($"Embedded test data '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
