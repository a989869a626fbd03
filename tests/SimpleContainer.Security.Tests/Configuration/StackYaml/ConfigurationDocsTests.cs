using System.Text.RegularExpressions;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Configuration.StackYaml;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Configuration.StackYaml;

[TestClass]
public sealed partial class ConfigurationDocsTests
{
    [TestMethod]
    public void Every_row_of_the_yaml_reference_names_the_settings_key_property_flag_and_default()
    {
        var rows = ReferenceRow().Matches(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "configuration.md"))).ToList();
        Assert.IsTrue(rows.Count >= 30);
        foreach (var row in rows)
        {
            var field = row.Groups["field"].Value;
            var setting = SecuritySettings.All.FirstOrDefault(s => StackSchema.PathOf(s) == field);
            if (setting is null)
            {
                CollectionAssert.Contains(StackSchema.Fields.ToArray(), field, $"docs/configuration.md documents '{field}', which is neither a setting nor a schema field");
                continue;
            }

            StringAssert.StartsWith(row.Groups["property"].Value, $"`{setting.Property}`", field);
            if (setting.Flag is { } flag)
            {
                StringAssert.Contains(row.Groups["flag"].Value, $"`{flag}`", field);
            }

            if (setting.Default is { } value && setting != SecuritySettings.SigningPublicKey)
            {
                Assert.AreEqual($"`{value}`", row.Groups["default"].Value.Trim(), field);
            }
        }

        foreach (var setting in SecuritySettings.All.Where(s => s.Key.StartsWith("signing.", StringComparison.Ordinal) || s.Key.StartsWith("sbom.", StringComparison.Ordinal) || s.Key.StartsWith("scan.", StringComparison.Ordinal)))
        {
            Assert.IsTrue(rows.Any(r => r.Groups["field"].Value == StackSchema.PathOf(setting)), $"{setting.Key} has no row in docs/configuration.md");
        }
    }

    [TestMethod]
    [DataRow("staging")]
    [DataRow("production")]
    public void The_sample_client_yaml_configures_each_environment_without_a_warning(string environment)
    {
        var file = Path.Combine(RepositoryLayout.Root, "samples", ".sc", "stacks", "shop", "client.yaml");
        var (settings, diagnostics, _) = SecurityOptions.ResolveSettings(
            [new RawSetting(SecuritySettings.ConfigFile, file, SettingSource.Flag("-c")), new RawSetting(SecuritySettings.Environment, environment, SettingSource.Flag("-e"))],
            new SecurityOptionsContext { ProjectDirectory = Path.Combine(RepositoryLayout.Root, "samples", "HelloApi"), GetVariable = _ => null });

        Assert.AreEqual(0, diagnostics.Count, string.Join("\n", diagnostics.Select(d => d.Message)));
        Assert.AreEqual("shop", settings.Text(SecuritySettings.Stack));
        Assert.AreEqual(environment == "production" ? "true" : "false", settings.Text(SecuritySettings.SigningEnabled));
        Assert.AreEqual(environment == "production" ? "high" : "critical", settings.Text(SecuritySettings.ScanFailOn));
        Assert.AreEqual("cyclonedx-json;spdx-json", settings.Text(SecuritySettings.SbomFormat));
    }

    [GeneratedRegex(@"^\| `(?<field>[a-zA-Z.]+)` \| (?<property>[^|]+) \| (?<flag>[^|]+) \| (?<default>[^|]+) \| (?<example>.+) \|$", RegexOptions.Multiline)]
    private static partial Regex ReferenceRow();
}
