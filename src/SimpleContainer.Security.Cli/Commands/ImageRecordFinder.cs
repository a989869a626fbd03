using SimpleContainer.Security.Pipeline;

namespace SimpleContainer.Security.Cli.Commands;

/// <summary>Finds the image records (<c>obj/…/sc-security/image.json</c>) below a folder, skipping dependency and VCS folders.</summary>
internal static class ImageRecordFinder
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".git", "node_modules", "bin" };

    public static IReadOnlyList<string> Find(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(root)]);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var candidate = Path.Combine(folder, SecurityArtifactLayout.FolderName, SecurityArtifactLayout.ImageRecordFileName);
            if (File.Exists(candidate))
            {
                found.Add(candidate);
            }

            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                if (!Skipped.Contains(Path.GetFileName(child)) && (File.GetAttributes(child) & FileAttributes.ReparsePoint) == 0)
                {
                    pending.Push(child);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
