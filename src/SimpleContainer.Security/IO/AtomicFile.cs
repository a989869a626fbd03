using SimpleContainer.Security.Diagnostics;

namespace SimpleContainer.Security.IO;

/// <summary>Writes a file to a temporary name beside it and renames it into place, so readers never see half a file.</summary>
public static class AtomicFile
{
    /// <summary>Read and write for the owner only (0600): what a private key file must be from its first byte on.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, null, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAllBytesAsync"/>, but the file is created with mode 0600 on Unix: the temporary file is
    /// opened with that mode, so there is no moment at which another user could open it, and the rename keeps it.
    /// </summary>
    public static Task WriteOwnerOnlyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, OwnerOnly, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>
    /// Lets <paramref name="write"/> fill a new temporary file beside <paramref name="path"/> (created with
    /// <paramref name="unixCreateMode"/> on Unix, less the umask), then renames it over <paramref name="path"/>.
    /// </summary>
    public static async Task WriteAsync(string path, UnixFileMode? unixCreateMode, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
            if (unixCreateMode is { } mode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ScException(new ScDiagnostic(DiagnosticIds.FileWriteFailed, DiagnosticSeverity.Error, full, ex.Message), ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more to do: the temporary name never shadows the real file.
        }
    }
}
