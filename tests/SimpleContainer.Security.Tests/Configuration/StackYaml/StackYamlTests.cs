using System.Diagnostics;
using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Configuration.StackYaml;
using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.Tests.Configuration.StackYaml;

[TestClass]
public sealed class StackYamlTests
{
    private const string Layered = """
        schemaVersion: 1.0
        security:
          sbom:
            enabled: true
          scan:
            failOn: high
        x-defaults: &signed
          security: &signedSecurity
            signing:
              enabled: true
              provider: builtin
              privateKey: ${secret:cosign-private-key}
              password: ${secret:cosign-password}
        stacks:
          staging:
            type: cloud-compose
            config:
              <<: *signed
          production:
            config:
              security:
                <<: *signedSecurity
                scan:
                  failOn: critical
                sbom:
                  enabled: false
        """;

    private string _root = null!;

    [TestInitialize]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("sc-yaml-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "src", "app"));
    }

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private string Project => Path.Combine(_root, "src", "app");

    [TestMethod]
    public void The_environment_block_wins_over_the_root_block_which_wins_over_the_defaults_and_properties_win_over_both()
    {
        var file = WriteStack("app", Layered);

        var (production, diagnostics, _) = Resolve(("ScSecurityStack", "app"), ("ScSecurityEnvironment", "production"), ("ScScanWarnOn", "medium"));

        Assert.IsFalse(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error), string.Join("\n", diagnostics));
        Assert.AreEqual("critical", production.Text(SecuritySettings.ScanFailOn));
        Assert.AreEqual(SettingOrigin.Yaml, production[SecuritySettings.ScanFailOn].Source.Origin);
        StringAssert.StartsWith(production[SecuritySettings.ScanFailOn].Source.Name, file + ":");
        Assert.AreEqual("false", production.Text(SecuritySettings.SbomEnabled));
        Assert.AreEqual("true", production.Text(SecuritySettings.SigningEnabled), "merged from the anchor");
        Assert.AreEqual("${secret:cosign-private-key}", production.Text(SecuritySettings.SigningKey), "a key reference is kept, resolved only when signing");
        Assert.AreEqual("medium", production.Text(SecuritySettings.ScanWarnOn));
        Assert.AreEqual(SettingOrigin.MSBuildProperty, production[SecuritySettings.ScanWarnOn].Source.Origin);
        Assert.AreEqual("default", production[SecuritySettings.SbomFormat].Source.Name);

        var (staging, _, _) = Resolve(("ScSecurityStack", "app"), ("ScSecurityEnvironment", "staging"));
        Assert.AreEqual("high", staging.Text(SecuritySettings.ScanFailOn), "from the root-level security block");
        Assert.AreEqual("true", staging.Text(SecuritySettings.SbomEnabled));
        Assert.AreEqual("true", staging.Text(SecuritySettings.SigningEnabled), "merge key at config level");
    }

    [TestMethod]
    public void The_stack_is_found_in_the_nearest_sc_folder_above_the_project_and_a_config_file_is_read_directly()
    {
        WriteStack("app", "security:\n  sbom:\n    enabled: true\n");
        var (byStack, _, stack) = Resolve(("ScSecurityStack", "app"));
        Assert.AreEqual("true", byStack.Text(SecuritySettings.SbomEnabled));
        Assert.AreEqual(Path.Combine(_root, ".sc", "stacks", "app", "client.yaml"), stack.File);

        var other = Path.Combine(_root, "elsewhere.yaml");
        File.WriteAllText(other, "security:\n  scan:\n    enabled: true\n");
        var (byFile, _, _) = Resolve(("ScSecurityConfigFile", "../../elsewhere.yaml"));
        Assert.AreEqual("true", byFile.Text(SecuritySettings.ScanEnabled));
        Assert.AreEqual("false", byFile.Text(SecuritySettings.SbomEnabled));
    }

    [TestMethod]
    public void A_stack_without_client_yaml_is_only_a_secrets_store_unless_an_environment_is_named()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".sc", "stacks", "app"));
        var (_, quiet, _) = Resolve(("ScSecurityStack", "app"));
        Assert.AreEqual(0, quiet.Count);

        var (_, errors, _) = Resolve(("ScSecurityStack", "app"), ("ScSecurityEnvironment", "prod"));
        Assert.AreEqual("SCSEC1200", errors.Single().Code);
        var (_, alone, _) = Resolve(("ScSecurityEnvironment", "prod"));
        Assert.AreEqual("SCSEC1204", alone.Single().Code);
    }

    [TestMethod]
    public void A_bad_value_is_an_error_at_file_line_column_with_the_allowed_values()
    {
        var file = WriteStack("app", "security:\n  signing:\n    provider: cosing\n");

        var (options, errors) = Options(("ScSecurityStack", "app"));

        Assert.IsNull(options);
        var error = errors.Single();
        Assert.AreEqual("SCSEC1100", error.Code);
        StringAssert.Contains(error.Message, $"'cosing' is not a valid value for {file}:3:15. Allowed: builtin or cosign");
    }

    [TestMethod]
    public void An_unknown_key_warns_with_the_nearest_known_key_and_the_rest_still_applies()
    {
        var file = WriteStack("app", "security:\n  signing:\n    privatekey: cosign.key\n    enabled: true\n  sbomm: {}\n  totally: 1\n");

        var (options, diagnostics) = Options(("ScSecurityStack", "app"));

        Assert.IsNotNull(options);
        Assert.IsTrue(options.SigningEnabled);
        var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        Assert.AreEqual(3, warnings.Count, string.Join("\n", warnings));
        StringAssert.Contains(warnings[0].Message, $"SCSEC1207: {file}:3:5: 'signing.privatekey' is not a security setting; it is ignored. Did you mean 'signing.privateKey'?");
        StringAssert.Contains(warnings[1].Message, "Did you mean 'sbom'?");
        Assert.AreEqual("SCSEC1206", warnings[2].Code);
    }

    [TestMethod]
    public void A_schema_field_not_applied_yet_warns_instead_of_being_called_unknown()
    {
        WriteStack("app", "security:\n  sbom:\n    output:\n      registry: true\n");
        var (_, diagnostics, _) = Resolve(("ScSecurityStack", "app"));
        Assert.AreEqual("SCSEC1208", diagnostics.Single().Code);
    }

    [TestMethod]
    public void An_unknown_environment_names_the_environments_there()
    {
        WriteStack("app", Layered);
        var (_, diagnostics, _) = Resolve(("ScSecurityStack", "app"), ("ScSecurityEnvironment", "prod"));
        StringAssert.Contains(diagnostics.Single().Message, "Environments there: staging, production");
    }

    [TestMethod]
    public void Placeholders_read_the_environment_the_secrets_file_sc_secret_variables_and_git()
    {
        WriteStack("app", """
            security:
              scan:
                upload:
                  defectdojo:
                    url: ${env:DD_HOST:https://dd.example}/api
                    product: ${secret:dd-product}
                    engagement: ${secret:dd-engagement}
                    apiKey: ${secret:dd-key}
              provenance:
                enabled: true
              sbom:
                output:
                  local: out/${git:branch}/${git:commit.short}
            """);
        File.WriteAllText(Path.Combine(_root, ".sc", "stacks", "app", "secrets.yaml"), "values:\n  dd-product: shop\n");
        Directory.CreateDirectory(Path.Combine(_root, ".git", "refs", "heads"));
        File.WriteAllText(Path.Combine(_root, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(_root, ".git", "packed-refs"), "# pack-refs\n0123456789abcdef0123456789abcdef01234567 refs/heads/main\n");

        var (settings, diagnostics, stack) = Resolve(new Dictionary<string, string> { ["SC_SECRET_DD_ENGAGEMENT"] = "42" }, ("ScSecurityStack", "app"));

        Assert.AreEqual(0, diagnostics.Count, string.Join("\n", diagnostics));
        Assert.AreEqual("https://dd.example/api", settings.Text(SecuritySettings.DefectDojoUrl));
        Assert.AreEqual("shop", settings.Text(SecuritySettings.DefectDojoProduct));
        Assert.AreEqual("42", settings.Text(SecuritySettings.DefectDojoEngagement));
        Assert.AreEqual("${secret:dd-key}", settings.Text(SecuritySettings.DefectDojoApiKey), "a secret setting keeps its reference");
        Assert.IsTrue(stack.Masked.Contains(SecuritySettings.DefectDojoProduct));
        Assert.AreEqual(Path.Combine(_root, ".sc", "stacks", "app", "out", "main", "0123456"), settings.Text(SecuritySettings.SbomOutputDir), "paths are relative to the YAML file");
    }

    [TestMethod]
    public void A_missing_secret_names_the_secrets_file_and_the_key()
    {
        var file = WriteStack("app", "security:\n  scan:\n    upload:\n      defectdojo:\n        product: ${secret:dd-product}\n");
        var (_, diagnostics, _) = Resolve(("ScSecurityStack", "app"));
        var error = diagnostics.Single();
        Assert.AreEqual("SCSEC1210", error.Code);
        StringAssert.Contains(error.Message, $"{file}:5:18: the secret 'dd-product' is neither under 'values:' in {Path.Combine(_root, ".sc", "stacks", "app", "secrets.yaml")} nor in the environment variable SC_SECRET_DD_PRODUCT");
    }

    [TestMethod]
    [DataRow("security:\n  signing:\n    password: hunter2\n", "SCSEC1213")]
    [DataRow("security:\n  signing:\n    privateKey: \"-----BEGIN EC PRIVATE KEY-----\\nMHc\\n-----END EC PRIVATE KEY-----\"\n", "SCSEC1213")]
    [DataRow("security:\n  sbom:\n    format: ${vault:x}\n", "SCSEC1209")]
    [DataRow("security:\n  sbom:\n    format: ${env:NOT_SET_ANYWHERE}\n", "SCSEC1211")]
    [DataRow("security:\n  sbom: [1, 2]\n", "SCSEC1205")]
    [DataRow("security:\n  sbom:\n    enabled: {a: 1}\n", "SCSEC1205")]
    [DataRow("security: just text\n", "SCSEC1205")]
    [DataRow("security:\n  scan:\n    tools:\n      - name: grype\n        failOn: hihg\n", "SCSEC1100")]
    [DataRow("security:\n  scan:\n    tools:\n      - {name: grype, enabled: false}\n", "SCSEC1215")]
    [DataRow("security:\n  scan:\n    tools:\n      - {name: grype, enabled: maybe}\n", "SCSEC1100")]
    [DataRow("security:\n  sbom: {enabled: true\n", "SCSEC1201")]
    [DataRow("a: 1\na: 2\n", "SCSEC1201")]
    [DataRow("a: *nothing\n", "SCSEC1201")]
    [DataRow("a: 1\n---\nb: 2\n", "SCSEC1202")]
    public void Wrong_types_literal_secrets_and_bad_placeholders_are_coded_errors(string yaml, string code)
    {
        WriteStack("app", yaml);
        var (options, diagnostics) = Options(("ScSecurityStack", "app"));
        Assert.IsNull(options);
        Assert.AreEqual(code, diagnostics.First(d => d.Severity == DiagnosticSeverity.Error).Code, string.Join("\n", diagnostics));
        Assert.IsFalse(diagnostics.Any(d => d.Message.Contains("hunter2", StringComparison.Ordinal) || d.Message.Contains("MHc", StringComparison.Ordinal)), "no secret in a message");
    }

    [TestMethod]
    public void Scan_tools_map_to_the_scanner_list_and_the_required_scanners()
    {
        WriteStack("app", "security:\n  scan:\n    tools:\n      - name: builtin\n      - {name: grype, required: true}\n      - {name: trivy, enabled: false}\n");
        var (settings, diagnostics, _) = Resolve(("ScSecurityStack", "app"));
        Assert.AreEqual(0, diagnostics.Count, string.Join("\n", diagnostics));
        Assert.AreEqual("builtin,grype", settings.Text(SecuritySettings.ScanToolList));
        Assert.AreEqual("grype", settings.Text(SecuritySettings.ScanRequiredTools));
    }

    [TestMethod]
    public void An_alias_bomb_is_refused_quickly()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 1; i < 12; i++)
        {
            yaml += $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n";
        }

        AssertRefused(yaml, "expand to more than 100000 nodes");
    }

    [TestMethod]
    public void A_merge_key_bomb_is_refused_quickly()
    {
        var yaml = "m0: &m0 {k0: 1, k1: 2}\n";
        for (var i = 1; i < 40; i++)
        {
            yaml += $"m{i}: &m{i} {{a{i}: {{<<: *m{i - 1}}}, b{i}: {{<<: *m{i - 1}}}}}\n";
        }

        yaml += "security:\n  <<: *m39\n";
        AssertRefused(yaml, "expand to more than 100000 nodes");
    }

    [TestMethod]
    public void Deep_nesting_is_refused_before_a_node_tree_is_built()
    {
        AssertRefused(new string('[', 200_000) + new string(']', 200_000), "nests deeper than 64 levels");
    }

    [TestMethod]
    public void A_huge_value_and_a_huge_file_are_refused()
    {
        AssertRefused("security:\n  sbom:\n    format: " + new string('x', 70_000) + "\n", "characters long");
        AssertRefused("# " + new string('x', 1_100_000) + "\n", "more than the 1048576 allowed");
    }

    [TestMethod]
    public void A_hostile_secrets_file_is_refused_with_its_own_code()
    {
        WriteStack("app", "security:\n  scan:\n    upload:\n      defectdojo:\n        product: ${secret:p}\n");
        File.WriteAllText(Path.Combine(_root, ".sc", "stacks", "app", "secrets.yaml"), new string('[', 100_000) + new string(']', 100_000));
        Assert.AreEqual("SCSEC1004", Resolve(("ScSecurityStack", "app")).Diagnostics.Single().Code);

        var bomb = "values: &v\n  a: [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 8; i++)
        {
            bomb += $"l{i}: &l{i} [*{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}, *{(i == 0 ? "v" : "l" + (i - 1))}]\n";
        }

        File.WriteAllText(Path.Combine(_root, ".sc", "stacks", "app", "secrets.yaml"), bomb);
        var error = Resolve(("ScSecurityStack", "app")).Diagnostics.Single();
        Assert.AreEqual("SCSEC1004", error.Code);
        StringAssert.Contains(error.Message, "expand to more than 100000 nodes");
    }

    private void AssertRefused(string yaml, string reason)
    {
        WriteStack("app", yaml);
        var watch = Stopwatch.StartNew();
        var (options, diagnostics) = Options(("ScSecurityStack", "app"));
        watch.Stop();
        Assert.IsNull(options);
        var error = diagnostics.Single();
        Assert.AreEqual("SCSEC1202", error.Code, error.Message);
        StringAssert.Contains(error.Message, reason);
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    private string WriteStack(string stack, string yaml)
    {
        var directory = Path.Combine(_root, ".sc", "stacks", stack);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "client.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private (ResolvedSettings Settings, IReadOnlyList<ScDiagnostic> Diagnostics, StackConfiguration Stack) Resolve(params (string Property, string Value)[] properties) =>
        Resolve(new Dictionary<string, string>(), properties);

    private (ResolvedSettings Settings, IReadOnlyList<ScDiagnostic> Diagnostics, StackConfiguration Stack) Resolve(IReadOnlyDictionary<string, string> variables, params (string Property, string Value)[] properties) =>
        SecurityOptions.ResolveSettings(Raw(properties), Context(variables));

    private (SecurityOptions? Options, IReadOnlyList<ScDiagnostic> Diagnostics) Options(params (string Property, string Value)[] properties) =>
        SecurityOptions.Resolve(Raw(properties), Context(new Dictionary<string, string>()));

    private SecurityOptionsContext Context(IReadOnlyDictionary<string, string> variables) =>
        new() { ProjectDirectory = Project, GetVariable = name => variables.GetValueOrDefault(name) };

    private static List<RawSetting> Raw((string Property, string Value)[] properties) =>
        properties.Select(p => new RawSetting(SecuritySettings.ByProperty(p.Property)!, p.Value, SettingSource.Property(p.Property))).ToList();
}
