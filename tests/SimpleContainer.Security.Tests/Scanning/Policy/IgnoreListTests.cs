using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Policy;

namespace SimpleContainer.Security.Tests.Scanning.Policy;

[TestClass]
public sealed class IgnoreListTests
{
    [TestMethod]
    public void Reads_the_yaml_form_with_package_expiry_and_reason()
    {
        var rules = IgnoreList.Parse("""
            # decisions of the security team
            ignore:
              - id: CVE-2024-0001
                package: libssl3
                expires: 2026-12-31
                reason: not reachable from the app
              - id: GHSA-5crp-9r3c-p9vr
              - CVE-2023-9999
            """, "ignore.yaml");

        Assert.HasCount(3, rules);
        Assert.AreEqual(new IgnoreRule("CVE-2024-0001", "libssl3", new DateOnly(2026, 12, 31), "not reachable from the app"), rules[0]);
        Assert.AreEqual(new IgnoreRule("GHSA-5crp-9r3c-p9vr"), rules[1]);
        Assert.AreEqual(new IgnoreRule("CVE-2023-9999"), rules[2]);
    }

    [TestMethod]
    public void Reads_the_trivyignore_line_form()
    {
        var rules = IgnoreList.Parse("""
            # accepted risks
            CVE-2024-0001 exp:2026-01-31 # waiting for the base image
            GHSA-5crp-9r3c-p9vr

            """, ".trivyignore");

        Assert.HasCount(2, rules);
        Assert.AreEqual(new IgnoreRule("CVE-2024-0001", null, new DateOnly(2026, 1, 31), "waiting for the base image"), rules[0]);
        Assert.AreEqual(new IgnoreRule("GHSA-5crp-9r3c-p9vr"), rules[1]);
    }

    [TestMethod]
    [DataRow("ignore:\n  - id: CVE-1\n    expires: 31/12/2026\n", "'31/12/2026' is not a date")]
    [DataRow("ignore:\n  - package: x\n", "has no 'id'")]
    [DataRow("ignore:\n  - id: CVE-1\n    until: 2026-01-01\n", "unknown field 'until'")]
    [DataRow("rules: []\n", "no 'ignore:' list")]
    [DataRow("CVE-1 2026-01-01\n", "neither an id nor exp:yyyy-mm-dd")]
    [DataRow("ignore: [\n", "")]
    public void Malformed_files_are_coded_errors_naming_the_problem(string text, string problem)
    {
        var ex = Assert.ThrowsExactly<ScException>(() => IgnoreList.Parse(text, "ignore.yaml"));
        Assert.AreEqual(DiagnosticIds.IgnoreFileInvalid, ex.Diagnostic.ResourceKey);
        StringAssert.StartsWith(ex.Message, "SCSEC4086: ignore.yaml is not a valid ignore file");
        StringAssert.Contains(ex.Message, problem);
    }

    [TestMethod]
    public void A_rule_covers_any_id_of_a_finding_and_only_its_package_when_it_names_one()
    {
        var finding = PolicyTestFindings.Deb("CVE-2024-0001", "libssl3", "3.0.15-1~deb12u1", Severity.High) with { Aliases = ["DSA-5800-1"] };

        Assert.IsTrue(new IgnoreRule("dsa-5800-1").Covers(finding));
        Assert.IsTrue(new IgnoreRule("CVE-2024-0001", "libssl3").Covers(finding));
        Assert.IsTrue(new IgnoreRule("CVE-2024-0001", finding.Package.Purl!.ToString()).Covers(finding));
        Assert.IsFalse(new IgnoreRule("CVE-2024-0001", "openssl").Covers(finding));
        Assert.IsFalse(new IgnoreRule("CVE-2024-0002").Covers(finding));
    }

    [TestMethod]
    public void An_entry_expires_the_day_after_its_date()
    {
        var rule = new IgnoreRule("CVE-1", Expires: new DateOnly(2026, 11, 22));
        Assert.IsFalse(rule.IsExpired(new DateOnly(2026, 11, 22)));
        Assert.IsTrue(rule.IsExpired(new DateOnly(2026, 11, 23)));
        Assert.IsFalse(new IgnoreRule("CVE-1").IsExpired(DateOnly.MaxValue));
    }
}
