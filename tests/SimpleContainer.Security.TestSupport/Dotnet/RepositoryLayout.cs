namespace SimpleContainer.Security.TestSupport.Dotnet;

/// <summary>Finds the repository's folders from a test's output folder.</summary>
public static class RepositoryLayout
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SimpleContainer.Security.Build.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Could not find SimpleContainer.Security.Build.sln above " + AppContext.BaseDirectory);
        }
    }
}
