using SimpleContainer.Security.Scanning;
using SimpleContainer.Security.Scanning.Cvss;

namespace SimpleContainer.Security.Tests.Scanning.Cvss;

/// <summary>
/// Vectors and scores published by FIRST in "CVSS v3.1: Examples" (the CVE-… cases) and by NVD (CVE-2021-44228,
/// CVE-2023-44487); the v3.0 cases are the same vulnerabilities as scored in "CVSS v3.0: Examples".
/// </summary>
[TestClass]
public sealed class CvssV3Tests
{
    [TestMethod]
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, Severity.Critical)] // CVE-2021-44228 (Log4Shell), NVD
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, Severity.Medium)] // CVE-2013-1937 phpMyAdmin XSS
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, Severity.Medium)] // CVE-2013-0375 MySQL
    [DataRow("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, Severity.Low)] // CVE-2014-3566 POODLE
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, Severity.Critical)] // CVE-2012-1516 VMware
    [DataRow("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2, Severity.Medium)] // CVE-2009-0783 Tomcat
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, Severity.High)] // CVE-2012-0384 Cisco IOS
    [DataRow("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, Severity.High)] // CVE-2015-1098 iWork
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity.High)] // CVE-2014-0160 Heartbleed
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity.Critical)] // CVE-2014-6271 Shellshock
    [DataRow("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8, Severity.Medium)] // CVE-2008-1447 DNS
    [DataRow("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8, Severity.Medium)] // CVE-2014-2005 Sophos
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8, Severity.Medium)] // CVE-2010-0467 Joomla
    [DataRow("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L", 3.7, Severity.Low)] // CVE-2004-0230 TCP reset
    [DataRow("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2, Severity.High)] // CVE-2016-5729 Lenovo
    [DataRow("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 4.6, Severity.Medium)] // CVE-2015-2890
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, Severity.High)] // CVE-2023-44487 HTTP/2 rapid reset, NVD
    [DataRow("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, Severity.Low)] // the lowest non-zero shape
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, Severity.Unknown)] // no impact: 0.0, rating None
    [DataRow("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, Severity.Medium)] // CVE-2013-1937, v3.0
    [DataRow("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, Severity.Critical)] // CVE-2012-1516, v3.0
    [DataRow("CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, Severity.Low)] // CVE-2014-3566, v3.0
    public void Computes_the_published_base_score(string vector, double score, Severity severity)
    {
        var result = CvssV3.TryScore(vector);
        Assert.IsNotNull(result);
        Assert.AreEqual(score, result.BaseScore, 1e-9);
        Assert.AreEqual(severity, result.Severity);
        Assert.AreEqual(vector[5..8], result.Version);
    }

    [TestMethod]
    public void Temporal_and_environmental_metrics_do_not_change_the_base_score()
    {
        var result = CvssV3.TryScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H/MAV:L");
        Assert.AreEqual(9.8, result?.BaseScore);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] // no CVSS:3.x prefix (a v2-style vector)
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H")] // A missing
    [DataRow("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] // AV has no X
    [DataRow("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")] // duplicate metric
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1")] // unknown metric
    [DataRow("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/")] // trailing slash
    [DataRow("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")] // v4 is not scored here
    [DataRow("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P")]
    public void Invalid_or_unsupported_vectors_give_null(string? vector) => Assert.IsNull(CvssV3.TryScore(vector));
}
