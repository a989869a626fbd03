using SimpleContainer.Security.Sbom.Filesystem;

namespace SimpleContainer.Security.Sbom.Catalogers;

/// <summary>
/// Finds the packages of one ecosystem in the files it asks for. Catalogers run in order over one selection of files;
/// the operating-system release found by an earlier one (see <see cref="CatalogResult.Release"/>) is in the context
/// of the later ones. A parse failure is a diagnostic in the result, never dropped.
/// </summary>
public interface ICataloger
{
    /// <summary>A stable name, for example <c>dpkg-db-cataloger</c>; it is recorded on every package found.</summary>
    string Name { get; }

    /// <summary>The files this cataloger reads.</summary>
    IReadOnlyList<FilePattern> Patterns { get; }

    CatalogResult Catalog(CatalogContext context, CancellationToken cancellationToken);
}
