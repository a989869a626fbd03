namespace SimpleContainer.Security.IntegrationTests.Scanning;

/// <summary>
/// OSV records for the scan tests, in the exact shapes GitHub and Debian publish. GHSA-5crp-9r3c-p9vr is the real
/// advisory (its facts from github.com/advisories/GHSA-5crp-9r3c-p9vr); the SCTEST ids are test data for the fixture
/// base image's Debian packages (which are newer than any real advisory's fix).
/// </summary>
internal static class ScanTestAdvisories
{
    public const string NewtonsoftJson = """
        {
          "schema_version": "1.6.0",
          "id": "GHSA-5crp-9r3c-p9vr",
          "modified": "2024-02-16T08:19:58Z",
          "published": "2022-06-22T15:08:47Z",
          "aliases": ["CVE-2024-21907"],
          "summary": "Newtonsoft.Json Denial of Service via crafted JSON",
          "severity": [{ "type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
          "affected": [{
            "package": { "ecosystem": "NuGet", "name": "Newtonsoft.Json", "purl": "pkg:nuget/Newtonsoft.Json" },
            "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }, { "fixed": "13.0.1" }] }]
          }],
          "references": [
            { "type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2024-21907" },
            { "type": "WEB", "url": "https://github.com/advisories/GHSA-5crp-9r3c-p9vr" }
          ],
          "database_specific": { "cwe_ids": ["CWE-755"], "github_reviewed": true, "severity": "HIGH" }
        }
        """;

    /// <summary>Critical by its CVSS vector; filed against the source package openssl, installed as libssl3 3.0.22-1~deb12u2.</summary>
    public const string DebianOpenSsl = """
        {
          "id": "SCTEST-2026-0001",
          "modified": "2026-11-01T00:00:00Z",
          "aliases": ["CVE-2099-0001"],
          "summary": "openssl: test advisory fixed in the next Debian 12 point update",
          "severity": [{ "type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
          "affected": [{
            "package": { "ecosystem": "Debian:12", "name": "openssl", "purl": "pkg:deb/debian/openssl?arch=source" },
            "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }, { "fixed": "3.0.22-1~deb12u3" }] }]
          }]
        }
        """;

    /// <summary>Medium: below the failOn=high gate and the default warnOn=high.</summary>
    public const string DebianZlib = """
        {
          "id": "SCTEST-2026-0002",
          "modified": "2026-11-01T00:00:00Z",
          "summary": "zlib: test advisory of medium severity",
          "severity": [{ "type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N" }],
          "affected": [{
            "package": { "ecosystem": "Debian:12", "name": "zlib" },
            "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }, { "fixed": "1:1.2.13.dfsg-2" }] }]
          }]
        }
        """;

    /// <summary>Debian 11 only: must never match the Debian 12 image.</summary>
    public const string Debian11OpenSsl = """
        {
          "id": "SCTEST-2026-0003",
          "modified": "2026-11-01T00:00:00Z",
          "summary": "openssl: test advisory for Debian 11 only",
          "database_specific": { "severity": "CRITICAL" },
          "affected": [{
            "package": { "ecosystem": "Debian:11", "name": "openssl" },
            "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }] }]
          }]
        }
        """;

    /// <summary>Writes the records as an OSV folder (one file per record) and imports it into a new database; returns the database path.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"sc-osv-{name}-").FullName;
        foreach (var (id, json) in new[] { ("GHSA-5crp-9r3c-p9vr", NewtonsoftJson), ("SCTEST-2026-0001", DebianOpenSsl), ("SCTEST-2026-0002", DebianZlib), ("SCTEST-2026-0003", Debian11OpenSsl) })
        {
            await File.WriteAllTextAsync(Path.Combine(folder, id + ".json"), json);
        }

        var database = Path.Combine(folder, "db", "vulndb.sqlite");
        var (code, output, error) = await Sc.RunAsync("db", "update", "--source", folder, "--database", database);
        Assert.AreEqual(0, code, output + error);
        return database;
    }
}
