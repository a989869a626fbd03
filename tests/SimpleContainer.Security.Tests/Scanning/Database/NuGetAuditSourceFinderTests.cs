using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.Database;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

[TestClass]
public sealed class NuGetAuditSourceFinderTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void Initialize() => _folder = TempFolder();

    [TestCleanup]
    public void Cleanup() => DeleteFolder(_folder);

    [TestMethod]
    public async Task Audit_sources_win_over_package_sources_and_keep_allowInsecureConnections()
    {
        var project = await WriteConfigAsync("""
            <packageSources>
              <clear />
              <add key="feed" value="https://pkgs.example.test/v3/index.json" />
            </packageSources>
            <auditSources>
              <clear />
              <add key="local-audit" value="http://127.0.0.1:5555/v3/index.json" allowInsecureConnections="true" />
              <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
            </auditSources>
            """);

        var found = new NuGetAuditSourceFinder().Find(project);

        Assert.IsTrue(found.FromAuditSources);
        CollectionAssert.AreEqual(new[] { "local-audit", "nuget.org" }, found.Sources.Select(s => s.Name).ToArray());
        Assert.AreEqual("http://127.0.0.1:5555/v3/index.json", found.Sources[0].Location);
        Assert.AreEqual(VulnerabilitySourceKind.NuGet, found.Sources[0].Kind);
        Assert.IsTrue(found.Sources[0].AllowInsecure);
        Assert.IsFalse(found.Sources[1].AllowInsecure);
        Assert.AreEqual(0, found.Notes.Count);
    }

    [TestMethod]
    public async Task Without_audit_sources_the_enabled_http_package_sources_are_used_and_local_folders_noted()
    {
        var local = Directory.CreateDirectory(Path.Combine(_folder, "local-feed")).FullName;
        var project = await WriteConfigAsync($"""
            <packageSources>
              <clear />
              <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              <add key="company" value="https://pkgs.example.test/v3/index.json" />
              <add key="local" value="{local}" />
            </packageSources>
            <disabledPackageSources>
              <add key="company" value="true" />
            </disabledPackageSources>
            """);

        var found = new NuGetAuditSourceFinder().Find(project);

        Assert.IsFalse(found.FromAuditSources);
        Assert.AreEqual("https://api.nuget.org/v3/index.json", found.Sources.Single().Location);
        Assert.AreEqual("nuget.org", found.Sources.Single().Name);
        var note = found.Notes.Single();
        Assert.AreEqual("SCSEC4036", note.Code);
        Assert.AreEqual(DiagnosticSeverity.Message, note.Severity);
        StringAssert.Contains(note.Message, local);
    }

    [TestMethod]
    public async Task A_config_in_a_parent_folder_applies_to_the_project_folder()
    {
        await WriteConfigAsync("""
            <packageSources>
              <clear />
              <add key="parent" value="https://parent.example.test/v3/index.json" />
            </packageSources>
            """);
        var project = Directory.CreateDirectory(Path.Combine(_folder, "src", "App")).FullName;

        var found = new NuGetAuditSourceFinder().Find(project);

        Assert.AreEqual("parent", found.Sources.Single().Name);
    }

    [TestMethod]
    public async Task A_malformed_nuget_config_is_SCSEC4035()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "nuget.config"), "<configuration><packageSources>");

        var error = Assert.ThrowsExactly<ScException>(() => new NuGetAuditSourceFinder().Find(_folder));

        Assert.AreEqual("SCSEC4035", error.Code);
    }

    private async Task<string> WriteConfigAsync(string sections)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
            {sections}
            </configuration>
            """);
        return _folder;
    }
}
