using SimpleContainer.Security.Scanning.Database;
using static SimpleContainer.Security.Tests.Scanning.Database.VulnerabilityTestData;

namespace SimpleContainer.Security.Tests.Scanning.Database;

/// <summary>What every database test starts from: a fresh folder, a database path below it (not yet created) and an HttpClient.</summary>
public abstract class DatabaseFolderTest
{
    protected string Folder { get; private set; } = string.Empty;

    protected string Database => Path.Combine(Folder, "db", VulnerabilityDatabase.FileName);

    protected HttpClient Http { get; private set; } = null!;

    [TestInitialize]
    public void CreateFolder()
    {
        Folder = TempFolder();
        Http = new HttpClient();
    }

    [TestCleanup]
    public void DeleteFolderAndClient()
    {
        Http.Dispose();
        DeleteFolder(Folder);
    }
}
