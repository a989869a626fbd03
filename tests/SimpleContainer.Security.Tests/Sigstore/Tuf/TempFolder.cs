namespace SimpleContainer.Security.Tests.Sigstore.Tuf;

/// <summary>A fresh folder under the temp path, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sc-tuf-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
