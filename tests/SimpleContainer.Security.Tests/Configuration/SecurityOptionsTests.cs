using System.Text.RegularExpressions;
using System.Xml.Linq;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Signing;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Configuration;

[TestClass]
public sealed partial class SecurityOptionsTests
{
    private static readonly SecurityOptionsContext Context = new() { ProjectDirectory = "/src/app", GetVariable = _ => null };

    [TestMethod]
    [DataRow("ScSigningFormat", "bundel", "legacy, bundle or both")]
    [DataRow("ScScanFailOn", "hihg", "critical, high, medium, low, negligible, unknown, or none")]
    [DataRow("ScScanTools", "grpye", "builtin, grype or trivy")]
    [DataRow("ScScanEnabled", "ture", "true or false")]
    [DataRow("ScVulnerabilityDatabaseMaxAge", "0", "a number of days greater than 0")]
    [DataRow("ScVulnerabilityDatabaseMaxAge", "-1", "a number of days greater than 0")]
    [DataRow("ScSbomFormat", "cyclonedx-xml", "cyclonedx-json, cyclonedx-json-1.5 or spdx-json")]
    [DataRow("ScSigningRequired", "yes", "true or false")]
    public void A_value_a_setting_does_not_accept_is_a_configuration_error_naming_the_property_and_the_allowed_values(string property, string value, string allowed)
    {
        var (options, errors) = SecurityOptions.Resolve([Property(property, value)], Context);

        Assert.IsNull(options);
        var error = errors.Single();
        Assert.AreEqual("SCSEC1100", error.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, error.Severity);
        StringAssert.StartsWith(error.Text, $"'{value}' is not a valid value for {property}. Allowed: {allowed}");
        Assert.IsTrue(ConfigurationErrors.Is(error));
    }

    [TestMethod]
    public void Every_bad_value_is_reported_at_once()
    {
        var (_, errors) = SecurityOptions.Resolve(
            [Property("ScSigningFormat", "bundel"), Property("ScScanFailOn", "hihg"), Property("ScScanTools", "grpye"), Property("ScScanEnabled", "ture"), Property("ScVulnerabilityDatabaseMaxAge", "0")], Context);

        CollectionAssert.AreEquivalent(
            new[] { "ScSigningFormat", "ScScanFailOn", "ScScanTools", "ScScanEnabled", "ScVulnerabilityDatabaseMaxAge" },
            errors.Select(e => (string)e.Args[1]!).ToArray());
    }

    [TestMethod]
    public void Unset_values_take_the_documented_defaults_and_say_so()
    {
        var (options, errors) = SecurityOptions.Resolve([Property("ScScanEnabled", "true"), Property("ScSigningFormat", "")], Context);

        Assert.IsEmpty(errors);
        Assert.IsTrue(options!.ScanEnabled);
        Assert.IsFalse(options.SbomEnabled);
        Assert.AreEqual(SigningFormat.Legacy, options.Signing.Format);
        Assert.AreEqual(TimeSpan.FromDays(7), options.Scan.MaxDatabaseAge);
        Assert.AreEqual(Severity.High, options.Scan.WarnOn);
        Assert.IsNull(options.Scan.FailOn);
        CollectionAssert.AreEqual(new[] { "builtin" }, options.Scan.Tools.ToArray());
        Assert.AreEqual(SettingOrigin.Default, options.Settings[SecuritySettings.SigningFormatSetting].Source.Origin, "empty is unset");
        Assert.AreEqual("ScScanEnabled", options.Settings[SecuritySettings.ScanEnabled].Source.Name);
    }

    [TestMethod]
    public void Later_sources_win_and_each_value_keeps_its_source()
    {
        var yaml = new SettingSource(SettingOrigin.Yaml, ".sc/stacks/prod/client.yaml:12:9");
        var (options, _) = SecurityOptions.Resolve(
        [
            new RawSetting(SecuritySettings.ScanFailOn, "critical", yaml),
            new RawSetting(SecuritySettings.ScanWarnOn, "low", yaml),
            Property("ScScanFailOn", "high"),
        ], Context);

        Assert.AreEqual(Severity.High, options!.Scan.FailOn);
        Assert.AreEqual("ScScanFailOn", options.Settings[SecuritySettings.ScanFailOn].Source.Name);
        Assert.AreEqual(Severity.Low, options.Scan.WarnOn);
        Assert.AreEqual(yaml, options.Settings[SecuritySettings.ScanWarnOn].Source);
    }

    [TestMethod]
    public void ScSecurityEnabled_turns_on_every_stage_not_set_explicitly()
    {
        var (options, _) = SecurityOptions.Resolve([Property("ScSecurityEnabled", "true"), Property("ScSigningEnabled", "false")], Context);

        Assert.IsTrue(options!.SbomEnabled);
        Assert.IsTrue(options.ScanEnabled);
        Assert.IsTrue(options.ProvenanceEnabled);
        Assert.IsFalse(options.SigningEnabled);
    }

    [TestMethod]
    public void Scan_required_makes_every_tool_required_unless_the_required_tools_are_listed()
    {
        var (all, _) = SecurityOptions.Resolve([Property("ScScanTools", "builtin;grype"), Property("ScScanRequired", "true")], Context);
        var (listed, _) = SecurityOptions.Resolve([Property("ScScanTools", "builtin;grype"), Property("ScScanRequired", "true"), Property("ScScanRequiredTools", "builtin")], Context);

        CollectionAssert.AreEquivalent(new[] { "builtin", "grype" }, all!.Scan.RequiredTools.ToArray());
        CollectionAssert.AreEquivalent(new[] { "builtin" }, listed!.Scan.RequiredTools.ToArray());
    }

    [TestMethod]
    public void The_documented_defaults_are_the_defaults_in_the_code()
    {
        var documented = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "docs"), "*.md"))
        {
            foreach (Match row in SettingRow().Matches(File.ReadAllText(file)))
            {
                foreach (Match name in PropertyName().Matches(row.Groups["names"].Value))
                {
                    documented[name.Groups[1].Value] = row.Groups["default"].Value.Trim();
                }
            }
        }

        foreach (var setting in SecuritySettings.All)
        {
            Assert.IsTrue(documented.TryGetValue(setting.Property, out var shown), $"{setting.Property} has no row in a docs/ settings table");
            var literal = LiteralDefault().Match(shown);
            if (setting.Default is null)
            {
                Assert.IsFalse(literal.Success, $"{setting.Property}: docs show the default {shown}, the code has none");
            }
            else
            {
                Assert.AreEqual($"`{setting.Default}`", shown, $"{setting.Property}: docs and SecuritySettings disagree");
            }
        }
    }

    [TestMethod]
    public void The_targets_pass_every_setting_and_set_no_default()
    {
        var elements = BuildFiles().SelectMany(file => XDocument.Load(file).Descendants()).ToList();
        var passed = elements.Where(e => e.Name.LocalName == "_ScSetting").Select(e => (string)e.Attribute("Include")!).ToList();

        CollectionAssert.AreEquivalent(SecuritySettings.All.Select(s => s.Property).ToArray(), passed.ToArray());
        foreach (var element in elements)
        {
            Assert.IsNull(SecuritySettings.ByProperty(element.Name.LocalName), $"the build files set {element.Name.LocalName}; defaults belong in SecuritySettings");
        }
    }

    [TestMethod]
    public void The_build_files_write_no_diagnostic_inline_every_code_and_text_comes_from_the_resources()
    {
        foreach (var file in BuildFiles())
        {
            var document = XDocument.Load(file);
            var inline = document.Descendants().Where(e => e.Name.LocalName is "Error" or "Warning" || e.Attribute("Code") is not null).Select(e => e.ToString()).ToList();
            Assert.IsEmpty(inline, $"{file} writes diagnostics inline: {string.Join("; ", inline)}");
            var coded = document.Descendants().SelectMany(e => e.Attributes().Select(a => a.Value).Concat(e.Nodes().OfType<XText>().Select(t => t.Value)))
                .Where(v => v.Contains("SCSEC", StringComparison.Ordinal)).ToList();
            Assert.IsEmpty(coded, $"{file} gives MSBuild a diagnostic code: {string.Join("; ", coded)}");
        }
    }

    /// <summary>Every props and targets file the package ships (build/; buildTransitive/ only imports them).</summary>
    private static string[] BuildFiles()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryLayout.Root, "build")).Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.IsGreaterThanOrEqualTo(3, files.Length, "the props, the entry targets and the stages' targets");
        return files;
    }

    private static RawSetting Property(string name, string value) =>
        new(SecuritySettings.ByProperty(name)!, value, SettingSource.Property(name));

    [GeneratedRegex(@"^\| (?<names>`Sc[A-Za-z]+`(?:, `Sc[A-Za-z]+`)*) \| (?<default>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex SettingRow();

    [GeneratedRegex("`(Sc[A-Za-z]+)`")]
    private static partial Regex PropertyName();

    [GeneratedRegex("^`[^`]+`$")]
    private static partial Regex LiteralDefault();
}
