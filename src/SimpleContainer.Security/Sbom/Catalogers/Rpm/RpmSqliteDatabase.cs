using Microsoft.Data.Sqlite;

namespace SimpleContainer.Security.Sbom.Catalogers.Rpm;

/// <summary>One row of the rpmdb <c>Packages</c> table: the package number and its header blob.</summary>
internal sealed record RpmHeaderBlob(long Number, byte[] Blob);

/// <summary>
/// Reads the header blobs of an rpm 4.16+ SQLite database (<c>rpmdb.sqlite</c>, table <c>Packages(hnum, blob)</c>).
/// The bytes are copied to a private temporary file (with the write-ahead log beside it when the image has one: rpm
/// keeps the database in WAL mode, and a log that was never checkpointed holds committed packages), opened read-only
/// without connection pooling, and deleted afterwards. A file that is not such a database (or has no <c>Packages</c> table) throws
/// <see cref="SqliteException"/>.
/// </summary>
internal static class RpmSqliteDatabase
{
    public static IReadOnlyList<RpmHeaderBlob> ReadHeaders(ReadOnlyMemory<byte> content, ReadOnlyMemory<byte>? writeAheadLog, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("sc-rpmdb-");
        try
        {
            var path = Path.Combine(directory.FullName, "rpmdb.sqlite");
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content.Span);
            }

            if (writeAheadLog is { IsEmpty: false } log)
            {
                using var file = new FileStream(path + "-wal", FileMode.CreateNew, FileAccess.Write, FileShare.None);
                file.Write(log.Span);
            }

            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hnum, blob FROM Packages ORDER BY hnum";
            using var reader = command.ExecuteReader();
            var rows = new List<RpmHeaderBlob>();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var blob = reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1);
                rows.Add(new RpmHeaderBlob(reader.GetInt64(0), blob));
            }

            return rows;
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary copy is not worth failing the SBOM for.
            }
        }
    }
}
