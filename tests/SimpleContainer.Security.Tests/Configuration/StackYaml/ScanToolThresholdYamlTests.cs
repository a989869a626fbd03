using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;

namespace SimpleContainer.Security.Tests.Configuration.StackYaml;

/// <summary><c>scan.tools[].failOn</c>/<c>warnOn</c>: read into the per-scanner settings with the place of each value, and every wrong value an error there.</summary>
[TestClass]
public sealed class ScanToolThresholdYamlTests
{
    private const string Tools = """
        security:
          scan:
            failOn: medium
            tools:
              - name: builtin
                failOn: high
              - name: grype
                failOn: critical
                warnOn: none
              - {name: trivy, enabled: false, failOn: low}
        """;

    private string _root = null!;

    [TestInitialize]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("sc-yaml-tools-").FullName;

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void Each_enabled_tools_thresholds_reach_the_scan_options_and_config_show_names_where_each_came_from()
    {
        var file = Write(Tools);

        var (options, diagnostics) = SecurityOptions.Resolve(Given(file), Context);
        var report = ConfigurationReport.Create(Given(file), Context);

        Assert.IsNotNull(options, string.Join("\n", diagnostics));
        Assert.AreEqual(Severity.Medium, options.Scan.FailOn);
        CollectionAssert.AreEquivalent(new[] { "builtin", "grype" }, options.Scan.ToolFailOn.Keys.ToArray(), "a disabled tool's threshold judges nothing");
        Assert.AreEqual(Severity.High, options.Scan.ToolFailOn["builtin"]);
        Assert.AreEqual(Severity.Critical, options.Scan.ToolFailOn["grype"]);
        Assert.IsNull(options.Scan.ToolWarnOn["grype"], "none is no threshold for grype, not the global one");
        var failOn = report.Rows.Single(r => r.Key == "scan.toolFailOn");
        Assert.AreEqual("builtin=high;grype=critical", failOn.Value);
        Assert.AreEqual($"{file}:6:17 (builtin), {file}:8:17 (grype)", failOn.Source);
        Assert.AreEqual(SettingOrigin.Yaml, failOn.Origin);
        Assert.AreEqual($"{file}:9:17 (grype)", report.Rows.Single(r => r.Key == "scan.toolWarnOn").Source);
    }

    [TestMethod]
    public void An_environments_tools_list_replaces_the_root_blocks_thresholds_with_its_own()
    {
        var file = Write(Tools + "\nstacks:\n  prod:\n    config:\n      security:\n        scan:\n          tools: [{name: grype, warnOn: low}]\n");

        var (options, diagnostics) = SecurityOptions.Resolve([.. Given(file), new RawSetting(SecuritySettings.Environment, "prod", SettingSource.Flag("-e"))], Context);

        Assert.IsNotNull(options, string.Join("\n", diagnostics));
        CollectionAssert.AreEqual(new[] { "grype" }, options.Scan.Tools.ToArray());
        Assert.IsEmpty(options.Scan.ToolFailOn, "grype's critical from the root block does not outlive the list it was part of");
        Assert.AreEqual(Severity.Low, options.Scan.ToolWarnOn["grype"]);
        Assert.AreEqual(Severity.Medium, options.Scan.FailOn);
    }

    [TestMethod]
    public void A_property_replaces_the_yaml_thresholds_as_a_whole()
    {
        var file = Write(Tools);

        var (options, diagnostics) = SecurityOptions.Resolve([.. Given(file), new RawSetting(SecuritySettings.ScanToolFailOn, "grype=high", SettingSource.Property("ScScanToolFailOn"))], Context);

        Assert.IsNotNull(options, string.Join("\n", diagnostics));
        Assert.AreEqual(Severity.High, options.Scan.ToolFailOn.Single(t => t.Key == "grype").Value);
    }

    [TestMethod]
    [DataRow("      - {name: grype, failOn: hihg}\n", "'hihg' is not a valid value for {0}:4:31 (scan.tools[grype].failOn). Allowed: critical, high, medium, low, negligible, unknown, or none")]
    [DataRow("      - {name: grype, warnOn: [high]}\n", "'a list' is not a valid value for {0}:4:31 (scan.tools[grype].warnOn)")]
    [DataRow("      - {name: grpye, failOn: high}\n", "'grpye' is not a valid value for {0}:4:16 (scan.tools[].name). Allowed: builtin, grype or trivy")]
    [DataRow("      - {name: grype, failOn: high}\n      - {name: grype, failOn: low}\n", "SCSEC1222: 'grype=low' in {0}:5:31 (scan.tools: grype is listed twice)")]
    public void A_wrong_tool_threshold_is_an_error_at_its_file_line_column_with_the_allowed_values(string tools, string expected)
    {
        var file = Write("security:\n  scan:\n    tools:\n" + tools);

        var (options, diagnostics) = SecurityOptions.Resolve(Given(file), Context);

        Assert.IsNull(options);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.IsTrue(ConfigurationErrors.Is(error));
        StringAssert.Contains(error.Message, string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file));
    }

    [TestMethod]
    [DataRow("grype=hihg", "ScScanToolFailOn")]
    [DataRow("grpye=high", "ScScanToolFailOn")]
    [DataRow("grype", "ScScanToolFailOn")]
    [DataRow("grype=high;grype=low", "ScScanToolWarnOn")]
    public void A_wrong_property_value_is_a_configuration_error_naming_the_property_and_the_allowed_form(string value, string property)
    {
        var (options, diagnostics) = SecurityOptions.Resolve([new RawSetting(SecuritySettings.ByProperty(property)!, value, SettingSource.Property(property))], Context);

        Assert.IsNull(options);
        var error = diagnostics.Single();
        Assert.AreEqual("SCSEC1100", error.Code);
        StringAssert.Contains(error.Message, $"'{value}' is not a valid value for {property}. Allowed: scanner=severity pairs separated by ';' (scanners: builtin, grype, trivy; severities: critical, high, medium, low, negligible, unknown, or none)");
    }

    private SecurityOptionsContext Context => new() { ProjectDirectory = _root, GetVariable = _ => null };

    private static List<RawSetting> Given(string file) => [new RawSetting(SecuritySettings.ConfigFile, file, SettingSource.Flag("-c"))];

    private string Write(string yaml)
    {
        var path = Path.Combine(_root, "client.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
