using System.Reflection;
using System.Text.RegularExpressions;
using SimpleContainer.Security.Diagnostics;
using SimpleContainer.Security.TestSupport.Dotnet;

namespace SimpleContainer.Security.Tests.Diagnostics;

[TestClass]
public sealed partial class DiagnosticCatalogTests
{
    [TestMethod]
    public void Every_code_is_unique_well_formed_and_has_an_id_constant()
    {
        var all = DiagnosticCatalog.All().ToList();
        var codes = all.Select(e => DiagnosticCatalog.CodeOf(e.Key)).ToList();
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.IsTrue(all.Count >= 20);
        Assert.AreEqual(codes.Count, codes.Distinct().Count(), "duplicate codes: " + string.Join(", ", codes.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key)));
        foreach (var code in codes)
        {
            Assert.IsTrue(CodePattern().IsMatch(code), $"'{code}' is not SCSEC + area digit 1-9 + three digits");
        }

        CollectionAssert.AreEquivalent(all.Select(e => e.Key).ToArray(), constants.ToArray(), "DiagnosticIds and Strings.resx must list the same keys");
    }

    [TestMethod]
    public void Messages_format_with_their_placeholders_and_keep_the_code_out_of_the_text()
    {
        var diagnostic = new ScDiagnostic(DiagnosticIds.ManifestNotFound, DiagnosticSeverity.Error, "v1", "localhost:5000/app");
        Assert.AreEqual("SCSEC2007", diagnostic.Code);
        StringAssert.StartsWith(diagnostic.Message, "SCSEC2007: The manifest 'v1' was not found in localhost:5000/app.");
        Assert.IsFalse(diagnostic.Text.StartsWith("SCSEC", StringComparison.Ordinal));
        foreach (var (key, template) in DiagnosticCatalog.All())
        {
            var placeholders = PlaceholderPattern().Matches(template).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() + 1;
            _ = DiagnosticCatalog.Format(key, Enumerable.Repeat<object?>("x", placeholders).ToArray());
        }
    }

    [TestMethod]
    public void The_table_in_docs_diagnostics_md_lists_every_code_with_its_current_text()
    {
        var documented = File.ReadAllLines(Path.Combine(RepositoryLayout.Root, "docs", "diagnostics.md"))
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}: {m.Groups[3].Value.Replace("\\|", "|", StringComparison.Ordinal)}")
            .ToArray();
        var catalog = DiagnosticCatalog.All()
            .Select(e => (Code: DiagnosticCatalog.CodeOf(e.Key), e.Key, Text: e.Value[(e.Value.IndexOf(": ", StringComparison.Ordinal) + 2)..].ReplaceLineEndings(" ")))
            .OrderBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => $"{e.Code} {e.Key}: {e.Text}")
            .ToArray();

        CollectionAssert.AreEqual(catalog, documented, "docs/diagnostics.md is out of date: its table is one row per Strings.resx entry, sorted by code, the text after 'SCSEC####: ' with | escaped");
    }

    [GeneratedRegex(@"^\| (SCSEC\d{4}) \| `([A-Za-z0-9]+)` \| (.*) \|$")]
    private static partial Regex TableRow();

    [GeneratedRegex("^SCSEC[1-9][0-9]{3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex PlaceholderPattern();
}
