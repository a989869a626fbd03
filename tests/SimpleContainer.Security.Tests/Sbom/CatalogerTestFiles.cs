using System.Text;
using SimpleContainer.Security.Oci;
using SimpleContainer.Security.Sbom.Catalogers;
using SimpleContainer.Security.Sbom.Catalogers.OsRelease;
using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Tests.Sbom;

/// <summary>Cataloger inputs without layers: files as the filesystem would hand them out.</summary>
internal static class CatalogerTestFiles
{
    public static readonly Digest LayerDigest = Digest.Sha256("layer"u8);

    public static readonly LinuxRelease Debian12 = new() { Id = "debian", VersionId = "12", VersionCodename = "bookworm" };

    public static readonly LinuxRelease Alpine3203 = new() { Id = "alpine", VersionId = "3.20.3" };

    public static ImageFile File(string path, string content) => new(path, path, LayerDigest, Encoding.UTF8.GetBytes(content));

    public static CatalogContext Context(LinuxRelease? release, params ImageFile[] files) => new(files, release);
}
