using Microsoft.Data.Sqlite;
using SimpleContainer.Security.Sbom.Catalogers.OsRelease;

namespace SimpleContainer.Security.Tests.Sbom.Rpm;

/// <summary>The real rpmdb.sqlite made with Debian's rpm 4.18, its <c>rpm -qa</c> ground truth, and ways to damage a copy.</summary>
internal static class RpmTestData
{
    public static readonly LinuxRelease Fedora40 = new() { Id = "fedora", VersionId = "40" };

    public const string OsReleaseFedora40 = "NAME=\"Fedora Linux\"\nVERSION=\"40 (Container Image)\"\nID=fedora\nVERSION_ID=40\nPRETTY_NAME=\"Fedora Linux 40 (Container Image)\"\n";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Sbom", "Rpm", "testdata");

    public static byte[] Database => File.ReadAllBytes(Path.Combine(Folder, "rpmdb.sqlite"));

    public static string Manifest => File.ReadAllText(Path.Combine(Folder, "container-manifest-2"));

    /// <summary>The lines of <c>rpm -qa --qf '%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}|%{LICENSE}|%{VENDOR}|%{SOURCERPM}|%{SIZE}|%{PACKAGER}|%{URL}\n'</c>.</summary>
    public static IReadOnlyList<string[]> GroundTruth =>
        File.ReadAllLines(Path.Combine(Folder, "rpm-qa.txt")).Where(l => l.Length > 0).Select(l => l.Split('|')).ToList();

    /// <summary>The header blobs of the real database, by hnum.</summary>
    public static IReadOnlyDictionary<long, byte[]> Blobs()
    {
        var result = new Dictionary<long, byte[]>();
        WithCopy(Database, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hnum, blob FROM Packages";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
            }
        });
        return result;
    }

    /// <summary>A copy of the real database whose package <paramref name="hnum"/> has <paramref name="blob"/> as its header.</summary>
    public static byte[] WithBlob(long hnum, byte[] blob) => WithCopy(Database, connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Packages SET blob = $blob WHERE hnum = $hnum";
        command.Parameters.AddWithValue("$blob", blob);
        command.Parameters.AddWithValue("$hnum", hnum);
        Assert.AreEqual(1, command.ExecuteNonQuery());
    });

    /// <summary>
    /// The real database and a write-ahead log, taken while the connection that deleted package <paramref name="hnum"/>
    /// was still open (so the delete is committed in the log but not checkpointed into the database).
    /// </summary>
    public static (byte[] Database, byte[] Log) WithUncheckpointedDelete(long hnum)
    {
        var directory = Directory.CreateTempSubdirectory("sc-rpm-test-");
        try
        {
            var path = Path.Combine(directory.FullName, "rpmdb.sqlite");
            File.WriteAllBytes(path, Database);
            // rpm's index tables refer to Packages; the test removes only the package row.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = false }.ToString());
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA wal_autocheckpoint=0";
                pragma.ExecuteNonQuery();
            }

            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM Packages WHERE hnum = $hnum";
            command.Parameters.AddWithValue("$hnum", hnum);
            Assert.AreEqual(1, command.ExecuteNonQuery());
            return (File.ReadAllBytes(path), File.ReadAllBytes(path + "-wal"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static byte[] WithCopy(byte[] database, Action<SqliteConnection> action)
    {
        var directory = Directory.CreateTempSubdirectory("sc-rpm-test-");
        try
        {
            var path = Path.Combine(directory.FullName, "rpmdb.sqlite");
            File.WriteAllBytes(path, database);
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                action(connection);
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                checkpoint.ExecuteNonQuery();
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
