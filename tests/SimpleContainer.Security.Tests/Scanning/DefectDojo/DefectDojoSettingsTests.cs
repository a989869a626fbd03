using SimpleContainer.Security.Configuration;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning.DefectDojo;

namespace SimpleContainer.Security.Tests.Scanning.DefectDojo;

[TestClass]
public sealed class DefectDojoSettingsTests
{
    private static readonly StackSecrets NoSecrets = new(Path.GetTempPath());

    [TestMethod]
    public void Without_a_url_nothing_is_uploaded() =>
        Assert.IsNull(DefectDojoSettings.Create(null, "shop", null, "ci", null, _ => "key", NoSecrets));

    [TestMethod]
    public void The_key_comes_from_the_environment_or_a_reference_and_a_numeric_engagement_is_an_id()
    {
        var byVariable = DefectDojoSettings.Create("https://dojo.example", "shop", "Web", "ci", null, name => name == "DEFECTDOJO_API_KEY" ? "from-env" : null, NoSecrets)!;
        var byReference = DefectDojoSettings.Create("https://dojo.example/", null, null, "7", "${env:DOJO_KEY}", name => name == "DOJO_KEY" ? "from-ref" : null, NoSecrets)!;

        Assert.AreEqual(new Uri("https://dojo.example/"), byVariable.BaseUri);
        Assert.AreEqual("from-env", byVariable.ApiKey);
        Assert.AreEqual("ci", byVariable.EngagementName);
        Assert.AreEqual("Web", byVariable.ProductTypeName);
        Assert.IsNull(byVariable.EngagementId);
        Assert.AreEqual("from-ref", byReference.ApiKey);
        Assert.AreEqual(7L, byReference.EngagementId);
        Assert.IsNull(byReference.EngagementName);
    }

    [TestMethod]
    public void The_upload_options_never_print_the_api_key()
    {
        var options = new DefectDojoUploadOptions { BaseUri = new Uri("https://dojo.example/"), ApiKey = "dojo-secret-key", ProductName = "shop" };

        var text = options.ToString();
        var copy = (options with { ProductName = "web" }).ToString();

        Assert.IsFalse(text.Contains("dojo-secret-key", StringComparison.Ordinal), text);
        Assert.IsFalse(copy.Contains("dojo-secret-key", StringComparison.Ordinal), copy);
        StringAssert.Contains(text, "ProductName = shop");
        StringAssert.Contains(text, "ApiKey = ***");
    }

    [TestMethod]
    public void A_literal_key_is_refused_and_a_missing_key_is_a_coded_error()
    {
        var literal = Assert.ThrowsExactly<ScException>(() => DefectDojoSettings.Create("https://dojo.example", "shop", null, "ci", "0123456789abcdef", _ => null, NoSecrets));
        var missing = Assert.ThrowsExactly<ScException>(() => DefectDojoSettings.Create("https://dojo.example", "shop", null, "ci", null, _ => null, NoSecrets));

        Assert.AreEqual("SCSEC4094", literal.Code);
        Assert.IsFalse(literal.Message.Contains("0123456789abcdef", StringComparison.Ordinal));
        Assert.AreEqual("SCSEC4095", missing.Code);
    }
}
