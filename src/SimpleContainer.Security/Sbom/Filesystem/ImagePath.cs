namespace SimpleContainer.Security.Sbom.Filesystem;

/// <summary>Paths inside an image, always absolute and normalised: <c>/etc/os-release</c>; the root is <c>/</c>.</summary>
internal static class ImagePath
{
    public const string Root = "/";

    /// <summary>
    /// Normalises a tar entry name or a link target taken relative to <paramref name="baseDirectory"/>: strips <c>./</c>,
    /// leading and repeated slashes and <c>.</c> segments, and applies <c>..</c>. A backslash is an ordinary filename
    /// character on Linux, as in every runtime, so it is never a separator. Returns null when <c>..</c> would leave the root.
    /// </summary>
    /// <param name="clampAtRoot">
    /// For link targets: <c>..</c> at the root stays at the root, as the kernel resolves a path inside the container
    /// (and containerd a hard link's target), instead of making the name invalid.
    /// </param>
    public static string? Normalize(string name, string baseDirectory = Root, bool clampAtRoot = false)
    {
        var segments = new List<string>();
        if (!name.StartsWith('/'))
        {
            segments.AddRange(baseDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var segment in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    if (clampAtRoot)
                    {
                        continue;
                    }

                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return Root + string.Join('/', segments);
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? Root : path[..slash];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string directory, string name) => directory == Root ? Root + name : directory + "/" + name;

    /// <summary>True when <paramref name="path"/> lies strictly below <paramref name="directory"/>.</summary>
    public static bool IsBelow(string path, string directory) =>
        directory == Root ? path.Length > 1 : path.Length > directory.Length + 1 && path[directory.Length] == '/' && path.StartsWith(directory, StringComparison.Ordinal);
}
