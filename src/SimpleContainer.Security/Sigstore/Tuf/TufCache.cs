using SimpleContainer.Security.IO;

namespace SimpleContainer.Security.Sigstore.Tuf;

/// <summary>One repository's cache folder (none: nothing is kept); files are written with a temp file + rename.</summary>
internal sealed class TufCache(string? folder)
{
    public string PathOf(string file) => Path.Combine(folder ?? string.Empty, file);

    public byte[]? Read(string file)
    {
        if (folder is null)
        {
            return null;
        }

        var path = Path.Combine(folder, file);
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task WriteAsync(string file, byte[] bytes, CancellationToken cancellationToken) =>
        folder is null ? Task.CompletedTask : AtomicFile.WriteAllBytesAsync(Path.Combine(folder, file), bytes, cancellationToken);

    public void Delete(string file)
    {
        if (folder is not null)
        {
            File.Delete(Path.Combine(folder, file));
        }
    }
}
