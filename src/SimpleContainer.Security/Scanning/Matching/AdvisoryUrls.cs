using SimpleContainer.Security.Scanning.Osv;

namespace SimpleContainer.Security.Scanning.Matching;

/// <summary>The web page of an advisory: the record's ADVISORY reference, else its first reference, else the id's well-known page.</summary>
public static class AdvisoryUrls
{
    public static string? Of(OsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var references = record.References ?? [];
        return references.FirstOrDefault(r => string.Equals(r.Type, "ADVISORY", StringComparison.OrdinalIgnoreCase))?.Url
            ?? (references.Count > 0 ? references[0].Url : null)
            ?? ForId(record.Id);
    }

    /// <summary>GHSA → GitHub advisories, CVE → NVD, DSA/DLA/DTSA/TEMP → Debian's security tracker; null for other ids.</summary>
    public static string? ForId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var escaped = Uri.EscapeDataString(id);
        if (id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase)) return $"https://github.com/advisories/{escaped}";
        if (id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase)) return $"https://nvd.nist.gov/vuln/detail/{escaped}";
        if (id.StartsWith("DSA-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("DLA-", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("DTSA-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("DEBIAN-", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("TEMP-", StringComparison.OrdinalIgnoreCase))
        {
            return $"https://security-tracker.debian.org/tracker/{escaped}";
        }

        return null;
    }
}
