using System.Text.Json;
using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Reports;
using SimpleContainer.Security.TestSupport.Validators;

namespace SimpleContainer.Security.Tests.Scanning.Reports;

/// <summary>scan.sarif against the official SARIF 2.1.0 schema (tests/validators/validate-sarif.cjs) and GitHub's documented requirements.</summary>
[TestClass]
public sealed class SarifReportTests
{
    [TestMethod]
    public async Task The_sarif_is_valid_against_the_official_schema_and_githubs_requirements()
    {
        var path = NodeValidators.WriteTemp(SarifReportWriter.Serialize(SampleScanReports.TwoPlatforms()), ".sarif");
        var empty = NodeValidators.WriteTemp(SarifReportWriter.Serialize(SampleScanReports.TwoPlatforms([])), ".sarif");

        var result = await NodeValidators.ValidateSarifAsync(path);
        var emptyResult = await NodeValidators.ValidateSarifAsync(empty);

        Assert.AreEqual(0, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.StartsWith(result.StandardOutput, "VALID");
        Assert.AreEqual(0, emptyResult.ExitCode, emptyResult.StandardOutput + emptyResult.StandardError);
    }

    [TestMethod]
    public async Task The_validator_rejects_what_github_would_not_show()
    {
        var sarif = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(SarifReportWriter.Serialize(SampleScanReports.TwoPlatforms()))!;
        var text = JsonSerializer.Serialize(sarif).Replace("\"security-severity\":\"9.1\"", "\"security-severity\":\"high\"", StringComparison.Ordinal).Replace("\"startLine\":1", "\"startLine\":0", StringComparison.Ordinal);
        var path = NodeValidators.WriteTemp(System.Text.Encoding.UTF8.GetBytes(text), ".sarif");

        var result = await NodeValidators.ValidateSarifAsync(path);

        Assert.AreEqual(1, result.ExitCode, result.StandardOutput);
        StringAssert.Contains(result.StandardOutput, "security-severity");
        StringAssert.Contains(result.StandardOutput, "startLine");
    }

    [TestMethod]
    public void One_run_with_one_rule_per_vulnerability_and_the_properties_github_reads()
    {
        using var json = JsonDocument.Parse(SarifReportWriter.Serialize(SampleScanReports.TwoPlatforms()));
        var root = json.RootElement;
        Assert.AreEqual("2.1.0", root.GetProperty("version").GetString());
        Assert.AreEqual(SarifReportWriter.SchemaUri, root.GetProperty("$schema").GetString());
        Assert.AreEqual(1, root.GetProperty("runs").GetArrayLength());
        var run = root.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.AreEqual("SimpleContainer.Security", driver.GetProperty("name").GetString());
        Assert.IsTrue(Uri.IsWellFormedUriString(driver.GetProperty("informationUri").GetString(), UriKind.Absolute));
        Assert.IsFalse(string.IsNullOrEmpty(driver.GetProperty("version").GetString()));
        Assert.AreEqual("SimpleContainer.Security/localhost:5000/shop/api/", run.GetProperty("automationDetails").GetProperty("id").GetString());

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "CVE-2024-5535", "CVE-2024-21907", "CVE-2024-0727", "CVE-2023-5678" }, rules.Select(r => r.GetProperty("id").GetString()).ToArray());
        var critical = rules[0];
        Assert.AreEqual("CVE_2024_5535", critical.GetProperty("name").GetString());
        Assert.AreEqual("openssl: SSL_select_next_proto buffer overread", critical.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.AreEqual("https://security-tracker.debian.org/tracker/CVE-2024-5535", critical.GetProperty("helpUri").GetString());
        StringAssert.Contains(critical.GetProperty("help").GetProperty("markdown").GetString(), "| libssl3 | 3.0.11-1~deb12u2 | 3.0.14-1~deb12u1 | critical |");
        StringAssert.Contains(critical.GetProperty("help").GetProperty("text").GetString(), "libssl3 3.0.11-1~deb12u2 (fixed in 3.0.14-1~deb12u1)");
        var properties = critical.GetProperty("properties");
        Assert.AreEqual("9.1", properties.GetProperty("security-severity").GetString());
        Assert.AreEqual("high", properties.GetProperty("precision").GetString());
        CollectionAssert.IsSubsetOf(new[] { "security", "vulnerability", "critical" }, properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray());
        var multiline = rules[2];
        Assert.AreEqual("openssl: denial of service via null dereference | PKCS12", multiline.GetProperty("shortDescription").GetProperty("text").GetString(), "the short description is the first line");
        Assert.AreEqual("CVE-2023-5678 in libssl3", rules[3].GetProperty("shortDescription").GetProperty("text").GetString(), "no title: a description is made up from the id and the package");
    }

    [TestMethod]
    public void Results_carry_level_from_the_action_a_location_fingerprints_and_suppressions()
    {
        using var json = JsonDocument.Parse(SarifReportWriter.Serialize(SampleScanReports.TwoPlatforms()));
        var run = json.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();

        Assert.HasCount(5, results);
        foreach (var result in results)
        {
            Assert.AreEqual(rules.IndexOf(result.GetProperty("ruleId").GetString()), result.GetProperty("ruleIndex").GetInt32());
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.AreEqual(1, location.GetProperty("region").GetProperty("startLine").GetInt32());
            Assert.AreEqual(64, result.GetProperty("partialFingerprints").GetProperty(SarifReportWriter.FingerprintKey).GetString()!.Length);
        }

        string Level(string action) => results.Single(r => r.GetProperty("properties").GetProperty("action").GetString() == action).GetProperty("level").GetString()!;
        Assert.AreEqual("error", Level("fail"));
        Assert.AreEqual("warning", Level("warn"));
        Assert.AreEqual("note", Level("pass"));
        Assert.AreEqual("note", Level("ignored"));
        Assert.AreEqual("note", Level("not_affected"));

        var ignored = results.Single(r => r.GetProperty("properties").GetProperty("action").GetString() == "ignored");
        Assert.AreEqual("external", ignored.GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.AreEqual("Only used for TLS clients we do not run; expires 2027-01-01", ignored.GetProperty("suppressions")[0].GetProperty("justification").GetString());
        var notAffected = results.Single(r => r.GetProperty("properties").GetProperty("action").GetString() == "not_affected");
        Assert.AreEqual("external", notAffected.GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.IsFalse(results.Single(r => r.GetProperty("level").GetString() == "error").TryGetProperty("suppressions", out _));

        var failing = results.Single(r => r.GetProperty("level").GetString() == "error");
        Assert.AreEqual("image/localhost%3A5000/shop/api", failing.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), "no path in the image: the image, without tag or digest");
        Assert.AreEqual("var/lib/dpkg/status", ignored.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        var message = failing.GetProperty("message").GetProperty("text").GetString()!;
        foreach (var part in new[] { "Newtonsoft.Json", "12.0.3", "13.0.1", "high", "CVE-2024-21907", "CVSS 7.5", "(linux/amd64)" })
        {
            StringAssert.Contains(message, part);
        }
    }

    [TestMethod]
    public void Fingerprints_stay_the_same_across_builds_and_differ_between_platforms()
    {
        var first = SampleScanReports.TwoPlatforms();
        var rebuilt = first with { Subject = "localhost:5000/shop/api:1.5@sha256:2222222222222222222222222222222222222222222222222222222222222222", Created = first.Created.AddDays(1) };

        var a = SampleScanReports.Verdicts().Select(v => SarifReportWriter.Fingerprint(v.Finding)).ToList();
        var b = rebuilt.Verdicts.Select(v => SarifReportWriter.Fingerprint(v.Finding)).ToList();

        CollectionAssert.AreEqual(a, b);
        Assert.AreEqual(a.Count, a.Distinct().Count(), "the same CVE on two platforms is two alerts");
        Assert.AreEqual(SarifReportWriter.AutomationId(first.Subject), SarifReportWriter.AutomationId(rebuilt.Subject));
    }

    [TestMethod]
    public void Security_severity_uses_the_cvss_score_only_inside_the_findings_severity_band()
    {
        Assert.AreEqual("9.8", SarifReportWriter.SecuritySeverity(Severity.Critical, 9.8));
        Assert.AreEqual("9.5", SarifReportWriter.SecuritySeverity(Severity.Critical, null));
        Assert.AreEqual("2.0", SarifReportWriter.SecuritySeverity(Severity.Low, 7.8), "Debian rates it low although NVD scores 7.8: GitHub must show low too");
        Assert.AreEqual("8.0", SarifReportWriter.SecuritySeverity(Severity.High, 9.8));
        Assert.AreEqual("5.5", SarifReportWriter.SecuritySeverity(Severity.Medium, null));
        Assert.AreEqual("0.0", SarifReportWriter.SecuritySeverity(Severity.Unknown, 5.0));
    }
}
