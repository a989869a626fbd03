using System.IO.Compression;
using System.Text;
using SimpleContainer.Security.Scanning.Database;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

[TestClass]
public sealed class OsvImportTests : DatabaseFolderTest
{
    [TestMethod]
    public async Task Folder_import_reads_json_files_recursively_and_indexes_every_affected_package()
    {
        var osv = Directory.CreateDirectory(Path.Combine(Folder, "osv", "nested")).FullName;
        await File.WriteAllTextAsync(Path.Combine(Folder, "osv", "GHSA-5crp-9r3c-p9vr.json"), GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-01-01T00:00:00Z"));
        await File.WriteAllTextAsync(Path.Combine(osv, "DSA-5727-1.json"), DebianRecord("DSA-5727-1", "openssl", "2024-07-01T00:00:00Z", "3.0.14-1~deb12u1"));
        await File.WriteAllTextAsync(Path.Combine(osv, "notes.txt"), "not a record");

        var result = await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.Osv(Path.Combine(Folder, "osv"), "osv-local"), CancellationToken.None);

        Assert.IsTrue(result.Succeeded, result.Failure?.Message);
        Assert.AreEqual(2, result.Added);
        Assert.AreEqual(2, result.RecordCount);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "NEWTONSOFT.JSON"), new AdvisoryKey("Debian", "openssl"), new AdvisoryKey("Debian", "OpenSSL"), new AdvisoryKey("Alpine", "openssl")], CancellationToken.None);

        Assert.AreEqual(2, found.Count);
        var ghsa = found[new AdvisoryKey("NuGet", "newtonsoft.json")].Single();
        Assert.AreEqual("GHSA-5crp-9r3c-p9vr", ghsa.Id);
        Assert.AreEqual("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", ghsa.Severity![0].Score);
        Assert.AreEqual("HIGH", ghsa.DatabaseSpecific!.Severity);
        Assert.AreEqual("13.0.1", ghsa.Affected![0].Ranges![0].Events[1].Fixed);
        var dsa = found[new AdvisoryKey("Debian", "openssl")].Single();
        Assert.AreEqual("DSA-5727-1", dsa.Id);
        Assert.AreEqual(2, dsa.Affected!.Count, "both Debian releases' entries are kept; the matcher picks the release");
        Assert.IsFalse(found.ContainsKey(new AdvisoryKey("Debian", "OpenSSL")), "non-NuGet names are case-sensitive");
    }

    [TestMethod]
    public async Task Zip_import_from_a_file_uri_reads_one_record_per_entry_and_skips_a_malformed_one_with_a_warning_naming_it()
    {
        var zip = Path.Combine(Folder, "all.zip");
        WriteZip(zip,
        [
            ("GHSA-1111-2222-3333.json", GhsaRecord("GHSA-1111-2222-3333", "System.Text.Json", "2024-02-01T00:00:00Z", "8.0.0", "8.0.4")),
            ("GHSA-broken.json", """{"id": "GHSA-broken", "affected": [{"package": {"name": "no ecosystem"}}]}"""),
            ("GHSA-4444-5555-6666.json", GhsaRecord("GHSA-4444-5555-6666", "System.Text.Json", "2024-03-01T00:00:00Z", "6.0.0", "6.0.10")),
            ("not-json.json", "{ this is not json"),
        ]);

        var result = await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.Osv(new Uri(zip).AbsoluteUri, "osv-nuget"), CancellationToken.None);

        Assert.IsTrue(result.Succeeded, result.Failure?.Message);
        Assert.AreEqual(2, result.Added);
        Assert.AreEqual(2, result.Skipped);
        Assert.AreEqual(2, result.Warnings.Count);
        Assert.IsTrue(result.Warnings.All(w => w.Code == "SCSEC4024"));
        StringAssert.Contains(result.Warnings[0].Message, "all.zip!GHSA-broken.json");
        StringAssert.Contains(result.Warnings[1].Message, "all.zip!not-json.json");
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "System.Text.Json")], CancellationToken.None);
        CollectionAssert.AreEquivalent(new[] { "GHSA-1111-2222-3333", "GHSA-4444-5555-6666" }, found.Single().Value.Select(r => r.Id).ToArray());
    }

    [TestMethod]
    public async Task Single_file_holds_a_record_or_an_array_and_a_bad_array_element_skips_only_itself()
    {
        var single = Path.Combine(Folder, "one.json");
        await File.WriteAllTextAsync(single, GhsaRecord("GHSA-aaaa-bbbb-cccc", "Serilog", "2024-01-01T00:00:00Z"));
        var array = Path.Combine(Folder, "many.json");
        await File.WriteAllTextAsync(array, $"[{DebianRecord("DLA-1-1", "glibc", "2024-01-01T00:00:00Z", "2.36-9+deb12u4")}, {{\"no\": \"id\"}}, {DebianRecord("DLA-2-1", "glibc", "2024-01-02T00:00:00Z", "2.36-9+deb12u7")}]");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);

        var one = await updater.UpdateAsync(VulnerabilitySource.Osv(single), CancellationToken.None);
        var many = await updater.UpdateAsync(VulnerabilitySource.Osv(array), CancellationToken.None);

        Assert.AreEqual(1, one.Added);
        Assert.AreEqual(2, many.Added);
        Assert.AreEqual(1, many.Skipped);
        StringAssert.Contains(many.Warnings.Single().Message, "many.json[1]");
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("Debian", "glibc"), new AdvisoryKey("NuGet", "serilog")], CancellationToken.None);
        Assert.AreEqual(2, found[new AdvisoryKey("Debian", "glibc")].Count);
        Assert.AreEqual(1, found[new AdvisoryKey("NuGet", "Serilog")].Count);
    }

    [TestMethod]
    public async Task Reimport_upserts_by_id_keeps_a_newer_stored_record_and_moves_the_index_with_the_record()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "osv")).FullName;
        var file = Path.Combine(folder, "GHSA-1111-2222-3333.json");
        var source = VulnerabilitySource.Osv(folder, "osv");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);
        await File.WriteAllTextAsync(file, GhsaRecord("GHSA-1111-2222-3333", "Old.Package", "2024-02-01T00:00:00Z"));
        Assert.AreEqual(1, (await updater.UpdateAsync(source, CancellationToken.None)).Added);

        var same = await updater.UpdateAsync(source, CancellationToken.None);
        await File.WriteAllTextAsync(file, GhsaRecord("GHSA-1111-2222-3333", "New.Package", "2024-03-01T00:00:00Z"));
        var newer = await updater.UpdateAsync(source, CancellationToken.None);
        await File.WriteAllTextAsync(file, GhsaRecord("GHSA-1111-2222-3333", "Older.Package", "2024-01-01T00:00:00Z"));
        var older = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.AreEqual((0, 0, 1), (same.Added, same.Updated, same.Unchanged));
        Assert.AreEqual((0, 1), (newer.Added, newer.Updated));
        Assert.AreEqual((0, 0, 1), (older.Added, older.Updated, older.Older));
        Assert.AreEqual(1, older.RecordCount);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var found = await database.FindAsync([new AdvisoryKey("NuGet", "Old.Package"), new AdvisoryKey("NuGet", "New.Package"), new AdvisoryKey("NuGet", "Older.Package")], CancellationToken.None);
        Assert.AreEqual("new.package", found.Single().Key.Name);
        Assert.AreEqual(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), found.Single().Value.Single().Modified);
    }

    [TestMethod]
    public async Task Withdrawn_records_are_stored_and_returned_with_their_withdrawn_time()
    {
        var file = Path.Combine(Folder, "withdrawn.json");
        await File.WriteAllTextAsync(file, GhsaRecord("GHSA-wwww-xxxx-yyyy", "Microsoft.Data.SqlClient", "2024-05-01T00:00:00Z", withdrawn: "2024-05-02T10:00:00Z"));

        await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.Osv(file), CancellationToken.None);

        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var record = (await database.FindAsync([new AdvisoryKey("NuGet", "microsoft.data.sqlclient")], CancellationToken.None)).Single().Value.Single();
        Assert.AreEqual(new DateTimeOffset(2024, 5, 2, 10, 0, 0, TimeSpan.Zero), record.Withdrawn);
    }

    [TestMethod]
    public async Task A_source_that_fails_midway_leaves_its_previous_records_intact()
    {
        var zip = Path.Combine(Folder, "all.zip");
        var source = VulnerabilitySource.Osv(zip, "osv-debian");
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);
        WriteZip(zip, [("DSA-1.json", DebianRecord("DSA-1", "curl", "2024-01-01T00:00:00Z", "7.88.1-10+deb12u1"))]);
        Assert.AreEqual(1, (await updater.UpdateAsync(source, CancellationToken.None)).Added);

        // The third entry's deflate data is damaged (its first block gets the reserved block type 11), so reading it
        // fails only after the first two records were written in the source's transaction.
        WriteZip(zip,
        [
            ("DSA-1.json", DebianRecord("DSA-1", "curl", "2024-06-01T00:00:00Z", "7.88.1-10+deb12u7")),
            ("DSA-2.json", DebianRecord("DSA-2", "curl", "2024-06-01T00:00:00Z", "7.88.1-10+deb12u8")),
            ("DSA-3.json", DebianRecord("DSA-3", "curl", "2024-06-01T00:00:00Z", "7.88.1-10+deb12u9")),
        ]);
        var bytes = await File.ReadAllBytesAsync(zip);
        var third = -1;
        for (var n = 0; n < 3; n++)
        {
            third += 1 + bytes.AsSpan(third + 1).IndexOf("PK\u0003\u0004"u8);
        }

        var data = third + 30 + BitConverter.ToUInt16(bytes, third + 26) + BitConverter.ToUInt16(bytes, third + 28);
        bytes[data] = 0xFF;
        await File.WriteAllBytesAsync(zip, bytes);

        var failed = await updater.UpdateAsync(source, CancellationToken.None);

        Assert.IsFalse(failed.Succeeded);
        Assert.AreEqual("SCSEC4034", failed.Failure!.Code);
        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var records = (await database.FindAsync([new AdvisoryKey("Debian", "curl")], CancellationToken.None)).Single().Value;
        Assert.AreEqual("DSA-1", records.Single().Id);
        Assert.AreEqual("7.88.1-10+deb12u1", records.Single().Affected![0].Ranges![0].Events[1].Fixed);
        Assert.AreEqual(1, (await database.GetStatusAsync(CancellationToken.None)).Sources.Single().RecordCount);
    }

    [TestMethod]
    public async Task A_missing_local_source_is_a_coded_failure_and_creates_no_source()
    {
        var result = await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.Osv(Path.Combine(Folder, "nope.zip")), CancellationToken.None);

        Assert.AreEqual("SCSEC4025", result.Failure!.Code);
        Assert.IsFalse(File.Exists(Database), "a failed first update leaves no database");
    }

    [TestMethod]
    public async Task Records_of_one_id_in_two_sources_are_returned_once_preferring_the_osv_source()
    {
        var osv = Path.Combine(Folder, "ghsa.json");
        await File.WriteAllTextAsync(osv, GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-01-01T00:00:00Z"));
        var other = Path.Combine(Folder, "mirror.json");
        await File.WriteAllTextAsync(other, GhsaRecord("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", "2024-02-01T00:00:00Z"));
        var updater = new VulnerabilityDatabaseUpdater(Database, Http);
        await updater.UpdateAsync(VulnerabilitySource.Osv(osv, "a"), CancellationToken.None);
        await updater.UpdateAsync(VulnerabilitySource.Osv(other, "b"), CancellationToken.None);

        await using var database = await VulnerabilityDatabase.OpenAsync(Database, CancellationToken.None);
        var records = (await database.FindAsync([new AdvisoryKey("NuGet", "newtonsoft.json")], CancellationToken.None)).Single().Value;

        Assert.AreEqual(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), records.Single().Modified, "the newest of equal-rank copies");
        Assert.AreEqual(2, (await database.GetStatusAsync(CancellationToken.None)).TotalRecords);
    }

    [TestMethod]
    public async Task The_stored_json_is_compact_and_reads_back_the_same_record()
    {
        var file = Path.Combine(Folder, "one.json");
        await File.WriteAllTextAsync(file, GhsaRecord("GHSA-aaaa-bbbb-cccc", "Serilog", "2024-01-01T00:00:00Z"));
        await new VulnerabilityDatabaseUpdater(Database, Http).UpdateAsync(VulnerabilitySource.Osv(file), CancellationToken.None);

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT json FROM records";
            var json = Encoding.UTF8.GetString((byte[])(await command.ExecuteScalarAsync())!);
            Assert.IsFalse(json.Contains('\n', StringComparison.Ordinal));
            Assert.IsFalse(json.Contains("null", StringComparison.Ordinal));
            StringAssert.StartsWith(json, "{\"schema_version\":\"1.6.0\",\"id\":\"GHSA-aaaa-bbbb-cccc\"");
        }
    }
}
