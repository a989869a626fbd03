using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;

namespace SimpleContainer.Security.Tests.Scanning;

[TestClass]
public sealed class ScanToolsTests
{
    [TestMethod]
    [DataRow(null, "builtin")]
    [DataRow("", "builtin")]
    [DataRow("builtin,grype", "builtin grype")]
    [DataRow(" Trivy ; builtin;trivy", "trivy builtin")]
    public void Tool_lists_parse(string? text, string expected) => Assert.AreEqual(expected, string.Join(' ', ScanTools.Parse(text)));

    [TestMethod]
    public void An_unknown_tool_is_a_coded_error()
    {
        var ex = Assert.ThrowsExactly<ScException>(() => ScanTools.Parse("builtin,snyk"));
        Assert.AreEqual("SCSEC4090", ex.Code);
        StringAssert.Contains(ex.Message, "'snyk'");
    }

    [TestMethod]
    [DataRow("true", "builtin grype")]
    [DataRow("TRUE", "builtin grype")]
    [DataRow("false", "")]
    [DataRow(null, "")]
    [DataRow("grype", "grype")]
    public void Required_is_all_none_or_the_named_tools(string? text, string expected)
    {
        var required = ScanTools.ParseRequired(text, ["builtin", "grype"]);
        Assert.AreEqual(expected, string.Join(' ', required.Order(StringComparer.Ordinal)));
    }

    [TestMethod]
    [DataRow(null, 7.0)]
    [DataRow("", 7.0)]
    [DataRow("14", 14.0)]
    [DataRow("0.5", 0.5)]
    public void Database_ages_parse_in_days(string? text, double days) =>
        Assert.AreEqual(TimeSpan.FromDays(days), SimpleContainer.Security.Pipeline.ScanOptions.ParseMaxDatabaseAge(text, "ScVulnerabilityDatabaseMaxAge"));

    [TestMethod]
    [DataRow("a week")]
    [DataRow("0")]
    [DataRow("-3")]
    public void A_database_age_that_is_not_a_positive_number_is_a_coded_error(string text)
    {
        var ex = Assert.ThrowsExactly<ScException>(() => SimpleContainer.Security.Pipeline.ScanOptions.ParseMaxDatabaseAge(text, "ScVulnerabilityDatabaseMaxAge"));
        Assert.AreEqual("SCSEC4096", ex.Code);
    }
}
