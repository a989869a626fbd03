using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Signing;

namespace SimpleContainer.Security.Tests.Configuration;

[TestClass]
public sealed class ValueReferenceTests
{
    [TestMethod]
    public void Secret_references_resolve_from_the_nearest_stacks_secrets_file_with_anchors_and_quotes()
    {
        var root = Stacks(("prod", """
            schemaVersion: 1.0
            defaults: &defaults
              COSIGN_PASSWORD: "from-anchor"
            values:
              <<: *defaults
              DB_PASSWORD: 'x:y'
            """));
        var project = Directory.CreateDirectory(Path.Combine(root, "src", "Api")).FullName;

        var secrets = new StackSecrets(project);

        Assert.AreEqual("x:y", ValueReference.Resolve("${secret:DB_PASSWORD}", _ => null, secrets));
        Assert.AreEqual("SCSEC1002", Assert.ThrowsExactly<ScException>(() => secrets.Resolve("MISSING")).Code);
    }

    [TestMethod]
    public void The_same_name_in_two_stacks_with_different_values_needs_the_stack_named()
    {
        var root = Stacks(("staging", "values:\n  KEY_PASS: one\n"), ("prod", "values:\n  KEY_PASS: two\n"));

        Assert.AreEqual("SCSEC1003", Assert.ThrowsExactly<ScException>(() => new StackSecrets(root).Resolve("KEY_PASS")).Code);
        Assert.AreEqual("two", new StackSecrets(root, "prod").Resolve("KEY_PASS"));
    }

    [TestMethod]
    public void Env_references_use_the_variable_or_the_default()
    {
        var secrets = new StackSecrets(Path.GetTempPath());
        Assert.AreEqual("v", ValueReference.Resolve("${env:SOME_VAR}", n => n == "SOME_VAR" ? "v" : null, secrets));
        Assert.AreEqual("fallback", ValueReference.Resolve("${env:UNSET_VAR:fallback}", _ => null, secrets));
        Assert.AreEqual("SCSEC1002", Assert.ThrowsExactly<ScException>(() => ValueReference.Resolve("${env:UNSET_VAR}", _ => null, secrets)).Code);
        Assert.AreEqual("SCSEC1001", Assert.ThrowsExactly<ScException>(() => ValueReference.Resolve("${git:commit}", _ => null, secrets)).Code);
    }

    [TestMethod]
    public void A_literal_password_in_configuration_is_refused_and_no_reference_means_COSIGN_PASSWORD()
    {
        var secrets = new StackSecrets(Path.GetTempPath());
        var error = Assert.ThrowsExactly<ScException>(() => SigningPassword.Resolve("hunter2", _ => null, secrets));
        Assert.AreEqual("SCSEC5037", error.Code);
        Assert.IsFalse(error.Message.Contains("hunter2", StringComparison.Ordinal));
        Assert.AreEqual("env-pass", SigningPassword.Resolve(null, n => n == "COSIGN_PASSWORD" ? "env-pass" : null, secrets));
    }

    [TestMethod]
    public void An_env_reference_with_a_default_is_a_literal_password_and_is_refused_for_secrets()
    {
        var secrets = new StackSecrets(Path.GetTempPath());

        var password = Assert.ThrowsExactly<ScException>(() => SigningPassword.Resolve("${env:UNSET_PASS:hunter2}", _ => null, secrets));
        var variableSet = Assert.ThrowsExactly<ScException>(() => SigningPassword.Resolve("${env:SET_PASS:hunter2}", n => n == "SET_PASS" ? "from-env" : null, secrets));

        Assert.AreEqual("SCSEC5037", password.Code);
        Assert.AreEqual("SCSEC5037", variableSet.Code);
        Assert.IsFalse(password.Message.Contains("hunter2", StringComparison.Ordinal));
        Assert.AreEqual("from-env", SigningPassword.Resolve("${env:SET_PASS}", n => n == "SET_PASS" ? "from-env" : null, secrets));
    }

    [TestMethod]
    public void A_broken_secrets_file_is_a_coded_error_naming_it()
    {
        var root = Stacks(("prod", "values: [unclosed\n"));
        var error = Assert.ThrowsExactly<ScException>(() => new StackSecrets(root).Resolve("X"));
        Assert.AreEqual("SCSEC1004", error.Code);
        StringAssert.Contains(error.Message, "secrets.yaml");
    }

    private static string Stacks(params (string Stack, string Yaml)[] stacks)
    {
        var root = Directory.CreateTempSubdirectory("sc-stacks-").FullName;
        foreach (var (stack, yaml) in stacks)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, ".sc", "stacks", stack)).FullName;
            File.WriteAllText(Path.Combine(folder, "secrets.yaml"), yaml);
        }

        return root;
    }
}
